using System.Security.Cryptography;

namespace Jobs.Payloads.Security;

/// <summary>
/// AES-256-GCM: the stored bytes are a random 12-byte nonce, the ciphertext and the 16-byte tag. The associated data
/// binds the ciphertext to its key id, job id and task (<see cref="LengthPrefixed"/>), so a payload
/// copied to another row fails to decrypt. New payloads use the ring's primary key; old ones the key their id names.
/// </summary>
internal sealed class AesGcmPayloadEncryptor : IPayloadEncryptor
{
    public const string EncodingPrefix = "aes256gcm:";
    public const int NonceSize = 12;
    public const int TagSize = 16;
    private const string AssociatedDataVersion = "aes256gcm-v1";

    private readonly KeyRing<AesKey> _keys;
    private readonly AesKey _primary;

    public AesGcmPayloadEncryptor(KeyRing<AesKey> keys)
    {
        _keys = keys;
        _primary = keys.Primary() ?? throw new ArgumentException("AES-256-GCM encryption needs at least one key.", nameof(keys));
    }

    public string CurrentKeyId => _primary.Id;

    public byte[] Encrypt(Guid id, string task, ReadOnlySpan<byte> plain)
    {
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_primary.Key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length), AssociatedData(_primary.Id, id, task));
        return output;
    }

    public byte[] Decrypt(string keyId, Guid id, string task, ReadOnlySpan<byte> cipher)
    {
        var key = _keys.Find(keyId)
                  ?? throw Failed($"encrypted with key '{keyId}', which this process does not hold (it holds {string.Join(", ", _keys.Keys.Select(k => k.Id))})");
        if (cipher.Length < NonceSize + TagSize) throw Failed($"the encrypted payload has {cipher.Length} bytes, fewer than a nonce and a tag ({NonceSize + TagSize})");
        var plain = new byte[cipher.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key.Key, TagSize);
        try
        {
            aes.Decrypt(cipher[..NonceSize], cipher.Slice(NonceSize, plain.Length), cipher[^TagSize..], plain, AssociatedData(key.Id, id, task));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Failed($"the AES-256-GCM tag does not verify with key '{key.Id}' (the bytes were changed, or belong to another job or task)");
        }
        return plain;
    }

    private static byte[] AssociatedData(string keyId, Guid id, string task)
        => LengthPrefixed.Join([AssociatedDataVersion, keyId, id.ToString("D"), task]);

    private static PayloadException Failed(string reason) => new($"DecryptionFailed: {reason}.");
}
