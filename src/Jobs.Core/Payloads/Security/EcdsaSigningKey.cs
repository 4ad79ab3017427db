using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Jobs.Payloads.Security;

/// <summary>
/// ECDSA on P-256 with SHA-256; the signature is IEEE P1363 (r‖s, 64 bytes, as JWS ES256). Built from a PEM private key
/// (signs and verifies), a PEM public key or certificate, or an <see cref="X509Certificate2"/> (verifies; signs only when
/// the certificate carries its private key), so workers can hold public keys only.
/// </summary>
internal sealed class EcdsaSigningKey : ISigningKey, IDisposable
{
    public const string Name = "ecdsa-p256-sha256";

    private readonly ECDsa _key;
    private readonly Lock _gate = new();

    private EcdsaSigningKey(string id, ECDsa key, bool canSign)
    {
        Id = id;
        _key = key;
        CanSign = canSign;
    }

    public string Id { get; }
    public string Algorithm => Name;
    public bool CanSign { get; }

    /// <summary>From PEM text: a private key (PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY"), a public key ("PUBLIC KEY") or a "CERTIFICATE".</summary>
    public static EcdsaSigningKey FromPem(string id, string pem)
    {
        KeyId.Validate(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        if (pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            using var cert = X509Certificate2.CreateFromPem(pem);
            return FromCertificate(id, cert);
        }
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ArgumentException($"ECDSA key '{id}': the PEM holds no EC private key, public key or certificate ({ex.Message}).", nameof(pem), ex);
        }
        return Checked(id, key, HasPrivateKey(key));
    }

    /// <summary>From a certificate; it signs only when it carries its private key.</summary>
    public static EcdsaSigningKey FromCertificate(string id, X509Certificate2 certificate)
    {
        KeyId.Validate(id);
        ArgumentNullException.ThrowIfNull(certificate);
        var key = (certificate.HasPrivateKey ? certificate.GetECDsaPrivateKey() : null) ?? certificate.GetECDsaPublicKey()
                  ?? throw new ArgumentException($"ECDSA key '{id}': certificate {certificate.Subject} has no EC key.", nameof(certificate));
        return Checked(id, key, certificate.HasPrivateKey);
    }

    private static EcdsaSigningKey Checked(string id, ECDsa key, bool canSign)
    {
        var curve = key.ExportParameters(false).Curve;
        if (key.KeySize != 256 || !(curve.IsNamed && (curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256")))
        {
            key.Dispose();
            throw new ArgumentException($"ECDSA key '{id}' is not on curve P-256 (found {curve.Oid.FriendlyName ?? curve.Oid.Value ?? "an explicit curve"}, {key.KeySize} bits).");
        }
        return new EcdsaSigningKey(id, key, canSign);
    }

    private static bool HasPrivateKey(ECDsa key)
    {
        try
        {
            return key.ExportParameters(true).D is { Length: > 0 };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        if (!CanSign) throw new InvalidOperationException($"ECDSA key '{Id}' holds no private key: it can verify only.");
        lock (_gate) return _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        lock (_gate) return _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public void Dispose() => _key.Dispose();
}
