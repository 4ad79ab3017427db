namespace Jobs;

/// <summary>The wire format of a job's arguments and result (Celery's serializer). Handlers always see JSON.</summary>
public enum PayloadCodec
{
    /// <summary>JSON (application/json): plain JSON stays in the args and result columns, readable by SQL.</summary>
    Json,
    /// <summary>MessagePack (application/x-msgpack), kept as bytes in the payload column; extension types are refused.</summary>
    MessagePack,
    /// <summary>YAML (application/x-yaml), kept as bytes in the payload column; only the core schema's tags are accepted.</summary>
    Yaml,
}

/// <summary>The compression of a payload above <see cref="PayloadOptions.CompressionThreshold"/> (recorded in content_encoding).</summary>
public enum PayloadCompression
{
    /// <summary>No compression.</summary>
    None,
    /// <summary>gzip (RFC 1952).</summary>
    Gzip,
    /// <summary>zlib (RFC 1950).</summary>
    Zlib,
    /// <summary>Brotli (RFC 7932), recorded as "br".</summary>
    Brotli,
    /// <summary>bzip2.</summary>
    Bzip2,
}
