using Jobs.Payloads;

namespace Jobs;

/// <summary>How jobs' arguments and results are encoded on the row (<see cref="JobsOptions.Payloads"/>); a task's and a job's own choice win.</summary>
public sealed class PayloadOptions
{
    /// <summary>The codec of jobs whose task and enqueue options name none. Default <see cref="PayloadCodec.Json"/>.</summary>
    public PayloadCodec DefaultCodec { get; set; } = PayloadCodec.Json;
    /// <summary>The compression of jobs whose task and enqueue options name none. Default <see cref="PayloadCompression.None"/>.</summary>
    public PayloadCompression DefaultCompression { get; set; } = PayloadCompression.None;
    /// <summary>Encoded payloads smaller than this many bytes are not compressed. Default 1024.</summary>
    public int CompressionThreshold { get; set; } = 1024;
    /// <summary>The most bytes a payload may decompress to before it is refused (a decompression bomb). Default 64 MiB.</summary>
    public int MaxDecodedBytes { get; set; } = 64 * 1024 * 1024;

    // Hook points of the crypto layer (issue 19): set by its configuration, null until then.
    internal IPayloadSigner? Signer { get; set; }
    internal IPayloadVerifier? Verifier { get; set; }
    internal IPayloadEncryptor? Encryptor { get; set; }
}
