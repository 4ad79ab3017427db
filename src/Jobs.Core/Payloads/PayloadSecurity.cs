namespace Jobs.Payloads;

/// <summary>The fields a job's signature covers besides its payload bytes (eta and expiry as the client asked: ISO-8601 UTC with milliseconds, "+&lt;ms&gt;" when relative, "" when none).</summary>
internal readonly record struct SignedFields(Guid Id, string Task, string Queue, string ContentType, string? ContentEncoding, string Eta, string Expires);

/// <summary>Signs payloads (the client's jobs, the worker's results). Implemented by the crypto branch.</summary>
internal interface IPayloadSigner
{
    /// <summary>Returns the text stored in the signature column.</summary>
    string Sign(in SignedFields fields, ReadOnlySpan<byte> payload);
}

/// <summary>Verifies signatures; throws <see cref="PayloadException"/> with a message starting "SignatureInvalid: ".</summary>
internal interface IPayloadVerifier
{
    /// <summary>True when unsigned payloads must be refused.</summary>
    bool RequireSignatures { get; }
    void Verify(string? signature, in SignedFields fields, ReadOnlySpan<byte> payload);
}

/// <summary>AES-256-GCM with key ids; associated data is the job id and task. Implemented by the crypto branch.</summary>
internal interface IPayloadEncryptor
{
    /// <summary>The key id new payloads are encrypted with (recorded in content_encoding as "aes256gcm:&lt;kid&gt;").</summary>
    string CurrentKeyId { get; }
    byte[] Encrypt(Guid id, string task, ReadOnlySpan<byte> plain);
    /// <summary>Throws <see cref="PayloadException"/> "DecryptionFailed: ..." when the key is unknown or the tag does not verify.</summary>
    byte[] Decrypt(string keyId, Guid id, string task, ReadOnlySpan<byte> cipher);
}
