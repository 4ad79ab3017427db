namespace Jobs.Payloads.Security;

/// <summary>One key of a signing key ring: an algorithm, an id, and the ability to verify (and, when it holds the secret or private key, to sign).</summary>
internal interface ISigningKey : IKeyed
{
    /// <summary>The algorithm's name in the signature column: <c>hmac-sha256</c>, <c>ecdsa-p256-sha256</c>, <c>ed25519</c>.</summary>
    string Algorithm { get; }
    /// <summary>False for a public key or certificate without its private key (verify only).</summary>
    bool CanSign { get; }
    byte[] Sign(ReadOnlySpan<byte> data);
    bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}
