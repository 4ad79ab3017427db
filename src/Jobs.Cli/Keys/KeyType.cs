namespace Jobs.Cli.Keys;

/// <summary>The kinds of key <c>jobs keys generate</c> makes and the key options read.</summary>
internal enum KeyType
{
    /// <summary>An HMAC-SHA256 shared secret (32 random bytes, base64).</summary>
    Hmac,
    /// <summary>An ECDSA P-256 private key (PKCS#8 PEM); its public half is <see cref="EcdsaPublic"/>.</summary>
    Ecdsa,
    /// <summary>An ECDSA P-256 public key (SubjectPublicKeyInfo PEM) or certificate: verifies only.</summary>
    EcdsaPublic,
    /// <summary>An AES-256 key (32 random bytes, base64).</summary>
    Aes,
    /// <summary>An Ed25519 private key (PKCS#8 PEM); its public half is <see cref="Ed25519Public"/>.</summary>
    Ed25519,
    /// <summary>An Ed25519 public key (PEM): verifies only.</summary>
    Ed25519Public,
}

/// <summary>The names of <see cref="KeyType"/> in key files and on the command line.</summary>
internal static class KeyTypeNames
{
    /// <summary>What <c>jobs keys generate --type</c> accepts.</summary>
    public static readonly string[] Generated = ["hmac", "ecdsa", "ed25519", "aes"];

    public static string Name(this KeyType t) => t switch
    {
        KeyType.Hmac => "hmac",
        KeyType.Ecdsa => "ecdsa",
        KeyType.EcdsaPublic => "ecdsa-public",
        KeyType.Ed25519 => "ed25519",
        KeyType.Ed25519Public => "ed25519-public",
        _ => "aes",
    };

    public static KeyType? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "hmac" => KeyType.Hmac,
        "ecdsa" => KeyType.Ecdsa,
        "ecdsa-public" => KeyType.EcdsaPublic,
        "aes" => KeyType.Aes,
        "ed25519" => KeyType.Ed25519,
        "ed25519-public" => KeyType.Ed25519Public,
        _ => null,
    };
}
