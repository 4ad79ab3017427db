using System.Security.Cryptography;

namespace Jobs.Cli.Keys;

/// <summary>Makes new keys for <c>jobs keys generate</c>: the secret (or private) key file and, for ECDSA, its public half.</summary>
internal static class KeyGenerator
{
    public static (KeyFile Secret, KeyFile? Public) Generate(KeyType type, string id)
    {
        switch (type)
        {
            case KeyType.Hmac:
            case KeyType.Aes:
                return (new KeyFile(type, id, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), null);
            case KeyType.Ecdsa:
                using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                    return (new KeyFile(KeyType.Ecdsa, id, ec.ExportPkcs8PrivateKeyPem()),
                        new KeyFile(KeyType.EcdsaPublic, id, ec.ExportSubjectPublicKeyInfoPem()));
            case KeyType.Ed25519:
                var (privatePem, publicPem) = Jobs.Payloads.Security.Ed25519SigningKey.Generate();
                return (new KeyFile(KeyType.Ed25519, id, privatePem), new KeyFile(KeyType.Ed25519Public, id, publicPem));
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "only hmac, ecdsa, ed25519 and aes keys are generated");
        }
    }

    /// <summary>A fresh key id when none is given: <c>k</c> and 8 hex digits.</summary>
    public static string NewId() => "k" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
