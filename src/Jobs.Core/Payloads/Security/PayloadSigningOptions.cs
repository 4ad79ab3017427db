using System.Security.Cryptography.X509Certificates;
using Jobs.Payloads;
using Jobs.Payloads.Security;

namespace Jobs;

/// <summary>
/// Signing of job payloads (<c>JobsOptions.Payloads.Signing</c>): a client signs every job it enqueues with the primary
/// key; a worker verifies a job's signature with whichever listed key it names before decoding it. Rotation: add the
/// new key last (it becomes primary) and keep the old one listed until its jobs are gone. HMAC keys are shared secrets;
/// ECDSA and Ed25519 keys let workers hold only public keys (or certificates) (they verify but cannot sign).
/// </summary>
public sealed class PayloadSigningOptions
{
    internal KeyRing<ISigningKey> Keys { get; } = new();

    /// <summary>Workers refuse unsigned jobs (FAILURE "SignatureInvalid: ..."; the handler never runs); with <see cref="SignResults"/>, clients refuse unsigned results. Default false.</summary>
    public bool RequireSignatures { get; set; }

    /// <summary>Workers sign the results they store with their primary key, and clients verify them. Default false.</summary>
    public bool SignResults { get; set; }

    /// <summary>The id of the key that signs; default the last added key that can sign.</summary>
    public string? PrimaryKeyId
    {
        get => Keys.PrimaryId;
        set => Keys.PrimaryId = value is null ? null : KeyId.Validate(value, nameof(value));
    }

    /// <summary>Adds an HMAC-SHA256 key: a shared secret of at least 16 bytes (32 recommended; <c>jobs keys generate --type hmac</c>).</summary>
    public PayloadSigningOptions AddHmacKey(string id, byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Keys.Add(new HmacSigningKey(id, secret));
        return this;
    }

    /// <summary>
    /// Adds an ECDSA P-256 key from PEM: a private key (signs and verifies) or a public key or certificate (verifies only).
    /// <c>jobs keys generate --type ecdsa</c> writes both halves.
    /// </summary>
    public PayloadSigningOptions AddEcdsaKey(string id, string pem)
    {
        Keys.Add(EcdsaSigningKey.FromPem(id, pem));
        return this;
    }

    /// <summary>Adds an ECDSA P-256 key from a certificate: it signs only if the certificate carries its private key.</summary>
    public PayloadSigningOptions AddEcdsaKey(string id, X509Certificate2 certificate)
    {
        Keys.Add(EcdsaSigningKey.FromCertificate(id, certificate));
        return this;
    }

    /// <summary>
    /// Adds an Ed25519 key from PEM: a PKCS#8 private key (signs and verifies) or a public key (verifies only).
    /// <c>jobs keys generate --type ed25519</c> writes both halves.
    /// </summary>
    public PayloadSigningOptions AddEd25519Key(string id, string pem)
    {
        Keys.Add(Ed25519SigningKey.FromPem(id, pem));
        return this;
    }

    /// <summary>True when a key can sign (this process signs what it sends).</summary>
    internal bool CanSign => Keys.Keys.Any(k => k.CanSign);

    /// <summary>The signer of this process, or null when it holds no key that can sign.</summary>
    internal IPayloadSigner? CreateSigner()
        => Keys.Primary(k => k.CanSign, "sign: it holds no secret or private key") is { } key ? new PayloadSigner(key) : null;

    /// <summary>The verifier of this process, or null when it holds no keys and requires no signatures (it checks nothing).</summary>
    internal IPayloadVerifier? CreateVerifier()
        => Keys.Count == 0 && !RequireSignatures ? null : new PayloadVerifier(Keys, RequireSignatures);
}
