using Jobs.Payloads;
using Jobs.Payloads.Security;

namespace Jobs;

/// <summary>
/// AES-256-GCM encryption of the arguments and results of the tasks that ask for it (<see cref="TaskOptions.Encrypt"/>,
/// <see cref="EnqueueOptions.Encrypt"/>), <c>JobsOptions.Payloads.Encryption</c>. New payloads use the primary key (the
/// last added unless <see cref="PrimaryKeyId"/> names one); a payload is decrypted with the key its
/// <c>content_encoding</c> names (<c>aes256gcm:&lt;kid&gt;</c>), so old keys stay listed until their jobs are gone. The job
/// id and task are authenticated with the ciphertext: bytes copied to another row do not decrypt.
/// </summary>
public sealed class PayloadEncryptionOptions
{
    internal KeyRing<AesKey> Keys { get; } = new();

    /// <summary>The id of the key that encrypts; default the last added.</summary>
    public string? PrimaryKeyId
    {
        get => Keys.PrimaryId;
        set => Keys.PrimaryId = value is null ? null : KeyId.Validate(value, nameof(value));
    }

    /// <summary>Adds a 32-byte AES-256 key (<c>jobs keys generate --type aes</c>).</summary>
    public PayloadEncryptionOptions AddAesKey(string id, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Keys.Add(new AesKey(id, key));
        return this;
    }

    /// <summary>The encryptor of this process, or null when it holds no keys.</summary>
    internal IPayloadEncryptor? CreateEncryptor() => Keys.Count == 0 ? null : new AesGcmPayloadEncryptor(Keys);
}
