using System.Text;
using NSec.Cryptography;

namespace Jobs.Payloads.Security;

/// <summary>
/// Ed25519 (NSec, libsodium): from PEM, a PKCS#8 "PRIVATE KEY" (signs and verifies) or a "PUBLIC KEY" (verifies only).
/// Signatures are 64 bytes.
/// </summary>
internal sealed class Ed25519SigningKey : ISigningKey, IDisposable
{
    public const string Name = "ed25519";

    private static readonly SignatureAlgorithm Algo = SignatureAlgorithm.Ed25519;
    private readonly Key? _private;
    private readonly PublicKey _public;

    private Ed25519SigningKey(string id, Key? privateKey, PublicKey publicKey)
    {
        Id = id;
        _private = privateKey;
        _public = publicKey;
    }

    public string Id { get; }
    public string Algorithm => Name;
    public bool CanSign => _private is not null;

    public static Ed25519SigningKey FromPem(string id, string pem)
    {
        KeyId.Validate(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        var text = Encoding.ASCII.GetBytes(pem.Trim());
        try
        {
            if (pem.Contains("-----BEGIN PRIVATE KEY-----", StringComparison.Ordinal))
            {
                var key = Key.Import(Algo, text, KeyBlobFormat.PkixPrivateKeyText);
                return new Ed25519SigningKey(id, key, key.PublicKey);
            }
            return new Ed25519SigningKey(id, null, PublicKey.Import(Algo, text, KeyBlobFormat.PkixPublicKeyText));
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"Ed25519 key '{id}': the PEM holds no Ed25519 private or public key ({ex.Message}).", nameof(pem), ex);
        }
    }

    /// <summary>A new key pair as PEM: the PKCS#8 private key and the public key.</summary>
    public static (string PrivatePem, string PublicPem) Generate()
    {
        using var key = Key.Create(Algo, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return (Encoding.ASCII.GetString(key.Export(KeyBlobFormat.PkixPrivateKeyText)),
            Encoding.ASCII.GetString(key.PublicKey.Export(KeyBlobFormat.PkixPublicKeyText)));
    }

    public byte[] Sign(ReadOnlySpan<byte> data)
        => Algo.Sign(_private ?? throw new InvalidOperationException($"Ed25519 key '{Id}' holds no private key: it can verify only."), data);

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => Algo.Verify(_public, data, signature);

    public void Dispose() => _private?.Dispose();
}
