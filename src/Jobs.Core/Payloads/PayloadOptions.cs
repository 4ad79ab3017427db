using Jobs.Payloads;

namespace Jobs;

/// <summary>How jobs' arguments and results are encoded and protected on the row (<see cref="JobsOptions.Payloads"/>); a task's and a job's own choice win.</summary>
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

    /// <summary>Signing of jobs (by clients) and results (by workers), verified before anything is decoded.</summary>
    public PayloadSigningOptions Signing { get; } = new();
    /// <summary>AES-256-GCM encryption of the arguments and results of the tasks that ask for it.</summary>
    public PayloadEncryptionOptions Encryption { get; } = new();

    // The crypto layer's objects, built from Signing and Encryption on first use (a test may set its own).
    private IPayloadSigner? _signer;
    private IPayloadVerifier? _verifier;
    private IPayloadEncryptor? _encryptor;

    internal IPayloadSigner? Signer { get => _signer ??= Signing.CreateSigner(); set => _signer = value; }
    /// <summary>The signer of results: <see cref="Signer"/> when <see cref="PayloadSigningOptions.SignResults"/> is set.</summary>
    internal IPayloadSigner? ResultSigner => Signing.SignResults ? Signer : null;
    internal IPayloadVerifier? Verifier { get => _verifier ??= Signing.CreateVerifier(); set => _verifier = value; }
    internal IPayloadEncryptor? Encryptor { get => _encryptor ??= Encryption.CreateEncryptor(); set => _encryptor = value; }
}
