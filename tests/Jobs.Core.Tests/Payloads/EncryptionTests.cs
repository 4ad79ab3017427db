using System.Security.Cryptography;
using Jobs.Payloads;
using Jobs.Payloads.Security;
using Xunit;

namespace Jobs.Core.Tests.Payloads;

public sealed class EncryptionTests
{
    private static readonly Guid Id = Guid.Parse("0197a3c2-5b1e-7c4d-9f00-1a2b3c4d5e6f");
    private static readonly byte[] Plain = """{"card":"4111 1111 1111 1111"}"""u8.ToArray();

    private static byte[] Key(byte b) => Enumerable.Repeat(b, 32).ToArray();

    private static PayloadException DecryptionFailed(Action decrypt)
    {
        var ex = Assert.Throws<PayloadException>(decrypt);
        Assert.StartsWith("DecryptionFailed: ", ex.Message);
        return ex;
    }

    [Fact]
    public void Round_trip_with_a_random_nonce_and_a_tag()
    {
        var e = new PayloadEncryptionOptions().AddAesKey("a1", Key(1)).CreateEncryptor()!;
        Assert.Equal("a1", e.CurrentKeyId);
        var c1 = e.Encrypt(Id, "pay", Plain);
        var c2 = e.Encrypt(Id, "pay", Plain);
        Assert.Equal(12 + Plain.Length + 16, c1.Length);
        Assert.NotEqual(c1, c2);
        Assert.Equal(Plain, e.Decrypt("a1", Id, "pay", c1));
        Assert.Equal(Plain, e.Decrypt("a1", Id, "pay", c2));
        Assert.Empty(e.Decrypt("a1", Id, "pay", e.Encrypt(Id, "pay", [])));
    }

    [Fact]
    public void The_layout_is_nonce_ciphertext_tag_with_kid_id_and_task_as_associated_data()
    {
        var e = new PayloadEncryptionOptions().AddAesKey("a1", Key(1)).CreateEncryptor()!;
        var c = e.Encrypt(Id, "pay", Plain);
        var plain = new byte[Plain.Length];
        using var aes = new AesGcm(Key(1), 16);
        aes.Decrypt(c[..12], c[12..^16], c[^16..], plain, LengthPrefixed.Join(["aes256gcm-v1", "a1", Id.ToString("D"), "pay"]));
        Assert.Equal(Plain, plain);
    }

    [Fact]
    public void A_ciphertext_moved_to_another_job_or_task_fails()
    {
        var e = new PayloadEncryptionOptions().AddAesKey("a1", Key(1)).CreateEncryptor()!;
        var c = e.Encrypt(Id, "pay", Plain);
        Assert.Contains("another job", DecryptionFailed(() => e.Decrypt("a1", Guid.Parse("0197a3c2-5b1e-7c4d-9f00-1a2b3c4d5e70"), "pay", c)).Message);
        DecryptionFailed(() => e.Decrypt("a1", Id, "refund", c));
    }

    [Fact]
    public void Any_changed_byte_fails()
    {
        var e = new PayloadEncryptionOptions().AddAesKey("a1", Key(1)).CreateEncryptor()!;
        var c = e.Encrypt(Id, "pay", Plain);
        for (var i = 0; i < c.Length; i++)
        {
            var t = c.ToArray();
            t[i] ^= 0x80;
            DecryptionFailed(() => e.Decrypt("a1", Id, "pay", t));
        }
        Assert.Contains("fewer than a nonce and a tag", DecryptionFailed(() => e.Decrypt("a1", Id, "pay", c[..27])).Message);
    }

    [Fact]
    public void Unknown_kid_and_wrong_key_fail()
    {
        var c = new PayloadEncryptionOptions().AddAesKey("a1", Key(1)).CreateEncryptor()!.Encrypt(Id, "pay", Plain);
        var other = new PayloadEncryptionOptions().AddAesKey("a2", Key(1)).CreateEncryptor()!;
        Assert.Contains("key 'a1', which this process does not hold (it holds a2)", DecryptionFailed(() => other.Decrypt("a1", Id, "pay", c)).Message);
        var wrong = new PayloadEncryptionOptions().AddAesKey("a1", Key(2)).CreateEncryptor()!;
        DecryptionFailed(() => wrong.Decrypt("a1", Id, "pay", c));
        // The key id is authenticated too: the right key bytes under another id do not open it.
        DecryptionFailed(() => other.Decrypt("a2", Id, "pay", c));
    }

    [Fact]
    public void Rotation_encrypts_with_the_newest_key_and_decrypts_with_any_listed()
    {
        var old = new PayloadEncryptionOptions().AddAesKey("a1", Key(1)).CreateEncryptor()!;
        var c1 = old.Encrypt(Id, "pay", Plain);
        var rotatedOptions = new PayloadEncryptionOptions().AddAesKey("a1", Key(1)).AddAesKey("a2", Key(2));
        var rotated = rotatedOptions.CreateEncryptor()!;
        Assert.Equal("a2", rotated.CurrentKeyId);
        var c2 = rotated.Encrypt(Id, "pay", Plain);
        Assert.Equal(Plain, rotated.Decrypt("a1", Id, "pay", c1));
        Assert.Equal(Plain, rotated.Decrypt("a2", Id, "pay", c2));
        DecryptionFailed(() => rotated.Decrypt("a1", Id, "pay", c2));
        rotatedOptions.PrimaryKeyId = "a1";
        Assert.Equal("a1", rotatedOptions.CreateEncryptor()!.CurrentKeyId);
    }

    [Fact]
    public void Bad_keys_are_refused_when_added()
    {
        var o = new PayloadEncryptionOptions();
        Assert.Null(o.CreateEncryptor());
        Assert.Contains("exactly 32", Assert.Throws<ArgumentException>(() => o.AddAesKey("a1", new byte[16])).Message);
        Assert.Throws<ArgumentException>(() => o.AddAesKey("", Key(1)));
        o.AddAesKey("a1", Key(1));
        Assert.Throws<ArgumentException>(() => o.AddAesKey("a1", Key(2)));
        o.PrimaryKeyId = "a9";
        Assert.Contains("'a9'", Assert.Throws<InvalidOperationException>(() => o.CreateEncryptor()).Message);
    }
}
