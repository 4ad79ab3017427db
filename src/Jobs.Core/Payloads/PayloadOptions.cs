namespace Jobs;

/// <summary>How job payloads (arguments and results) are protected on the row: <c>JobsOptions.Payloads</c>.</summary>
public sealed class PayloadOptions
{
    /// <summary>Signing of jobs (by clients) and results (by workers), verified before anything is decoded.</summary>
    public PayloadSigningOptions Signing { get; } = new();
    /// <summary>AES-256-GCM encryption of the arguments and results of the tasks that ask for it.</summary>
    public PayloadEncryptionOptions Encryption { get; } = new();
}
