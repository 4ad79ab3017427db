namespace Jobs.Payloads;

/// <summary>The content_type and content_encoding names (Celery's) of codecs and compressions.</summary>
internal static class ContentTypes
{
    public const string Json = "application/json";
    public const string MessagePack = "application/x-msgpack";
    public const string Yaml = "application/x-yaml";
    public const string EncryptionPrefix = "aes256gcm:";

    public static string Of(PayloadCodec codec) => codec switch
    {
        PayloadCodec.Json => Json,
        PayloadCodec.MessagePack => MessagePack,
        PayloadCodec.Yaml => Yaml,
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "Unknown codec."),
    };

    public static string? NameOf(PayloadCompression compression) => compression switch
    {
        PayloadCompression.None => null,
        PayloadCompression.Gzip => "gzip",
        PayloadCompression.Zlib => "zlib",
        PayloadCompression.Brotli => "br",
        PayloadCompression.Bzip2 => "bzip2",
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown compression."),
    };

    /// <summary>Parses a codec name as the console takes it: json, msgpack, yaml.</summary>
    public static PayloadCodec ParseCodec(string name) => name.ToLowerInvariant() switch
    {
        "json" => PayloadCodec.Json,
        "msgpack" or "messagepack" => PayloadCodec.MessagePack,
        "yaml" => PayloadCodec.Yaml,
        _ => throw new ArgumentException($"Unknown codec '{name}' (json, msgpack, yaml)."),
    };

    /// <summary>Parses a compression name as the console takes it: none, gzip, zlib, br (brotli), bzip2.</summary>
    public static PayloadCompression ParseCompression(string name) => name.ToLowerInvariant() switch
    {
        "none" => PayloadCompression.None,
        "gzip" => PayloadCompression.Gzip,
        "zlib" => PayloadCompression.Zlib,
        "br" or "brotli" => PayloadCompression.Brotli,
        "bzip2" => PayloadCompression.Bzip2,
        _ => throw new ArgumentException($"Unknown compression '{name}' (none, gzip, zlib, br, bzip2)."),
    };
}
