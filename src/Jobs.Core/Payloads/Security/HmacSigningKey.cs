using System.Security.Cryptography;

namespace Jobs.Payloads.Security;

/// <summary>HMAC-SHA256 with a shared secret (every client and worker holds it; any holder can sign).</summary>
internal sealed class HmacSigningKey : ISigningKey
{
    public const string Name = "hmac-sha256";
    /// <summary>Shortest secret accepted (128 bits); <c>jobs keys generate</c> makes 256-bit secrets.</summary>
    public const int MinSecretBytes = 16;

    private readonly byte[] _secret;

    public HmacSigningKey(string id, ReadOnlySpan<byte> secret)
    {
        Id = KeyId.Validate(id);
        if (secret.Length < MinSecretBytes)
            throw new ArgumentException($"The HMAC secret of key '{id}' has {secret.Length} bytes; use at least {MinSecretBytes} (32 recommended).", nameof(secret));
        _secret = secret.ToArray();
    }

    public string Id { get; }
    public string Algorithm => Name;
    public bool CanSign => true;

    public byte[] Sign(ReadOnlySpan<byte> data) => HMACSHA256.HashData(_secret, data);

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, data, mac);
        return CryptographicOperations.FixedTimeEquals(mac, signature);
    }
}
