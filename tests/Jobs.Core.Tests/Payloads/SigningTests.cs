using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Jobs.Payloads;
using Xunit;

namespace Jobs.Core.Tests.Payloads;

public sealed class SigningTests
{
    private static readonly SignedFields Fields = new(Guid.Parse("0197a3c2-5b1e-7c4d-9f00-1a2b3c4d5e6f"), "reports.generate", "default",
        "application/json", null, "2030-01-31T12:00:00.000Z", "+60000");
    private static readonly byte[] Payload = """{"x":1}"""u8.ToArray();

    private static byte[] Secret(byte b) => Enumerable.Repeat(b, 32).ToArray();

    private static (IPayloadSigner, IPayloadVerifier) Hmac(bool require = false)
    {
        var o = new PayloadSigningOptions { RequireSignatures = require }.AddHmacKey("k1", Secret(1));
        return (o.CreateSigner()!, o.CreateVerifier()!);
    }

    private static PayloadException SignatureInvalid(Action verify)
    {
        var ex = Assert.Throws<PayloadException>(verify);
        Assert.StartsWith("SignatureInvalid: ", ex.Message);
        return ex;
    }

    [Fact]
    public void Hmac_signature_round_trips_in_the_v1_column_format()
    {
        var (signer, verifier) = Hmac();
        var signature = signer.Sign(Fields, Payload);
        Assert.Matches(@"^v1;alg=hmac-sha256;kid=k1;eta=2030-01-31T12:00:00\.000Z;exp=\+60000;sig=[A-Za-z0-9+/]{43}=$", signature);
        verifier.Verify(signature, Fields, Payload);
    }

    [Fact]
    public void Hmac_signature_is_the_mac_of_the_documented_length_prefixed_bytes()
    {
        var (signer, _) = Hmac();
        var signature = signer.Sign(Fields, Payload);
        var expected = new MemoryStream();
        foreach (var field in new[] { "v1", "hmac-sha256", "k1", "0197a3c2-5b1e-7c4d-9f00-1a2b3c4d5e6f", "reports.generate", "default",
                     "application/json", "", "2030-01-31T12:00:00.000Z", "+60000", """{"x":1}""" })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            expected.Write([(byte)(bytes.Length >> 24), (byte)(bytes.Length >> 16), (byte)(bytes.Length >> 8), (byte)bytes.Length]);
            expected.Write(bytes);
        }
        Assert.EndsWith(";sig=" + Convert.ToBase64String(HMACSHA256.HashData(Secret(1), expected.ToArray())), signature);
    }

    public static TheoryData<string> TamperedFields() => ["id", "task", "queue", "content_type", "content_encoding", "eta", "expires"];

    [Theory]
    [MemberData(nameof(TamperedFields))]
    public void Changing_any_signed_field_fails(string field)
    {
        var (signer, verifier) = Hmac();
        var signature = signer.Sign(Fields, Payload);
        var changed = field switch
        {
            "id" => Fields with { Id = Guid.Parse("0197a3c2-5b1e-7c4d-9f00-1a2b3c4d5e70") },
            "task" => Fields with { Task = "reports.delete" },
            "queue" => Fields with { Queue = "urgent" },
            "content_type" => Fields with { ContentType = "application/x-msgpack" },
            "content_encoding" => Fields with { ContentEncoding = "gzip" },
            "eta" => Fields with { Eta = "2030-01-31T12:00:00.001Z" },
            _ => Fields with { Expires = "+60001" },
        };
        SignatureInvalid(() => verifier.Verify(signature, changed, Payload));
    }

    [Fact]
    public void Changing_any_payload_byte_fails()
    {
        var (signer, verifier) = Hmac();
        var signature = signer.Sign(Fields, Payload);
        for (var i = 0; i < Payload.Length; i++)
        {
            var tampered = Payload.ToArray();
            tampered[i] ^= 0x01;
            SignatureInvalid(() => verifier.Verify(signature, Fields, tampered));
        }
        SignatureInvalid(() => verifier.Verify(signature, Fields, [.. Payload, (byte)' ']));
    }

    [Fact]
    public void Moving_bytes_between_adjacent_fields_fails()
    {
        var (signer, verifier) = Hmac();
        var a = Fields with { Task = "ab", Queue = "c" };
        var signature = signer.Sign(a, Payload);
        SignatureInvalid(() => verifier.Verify(signature, a with { Task = "a", Queue = "bc" }, Payload));
    }

    [Fact]
    public void Changing_the_signature_text_fails()
    {
        var (signer, verifier) = Hmac();
        var signature = signer.Sign(Fields, Payload);
        var sig = Convert.FromBase64String(signature[(signature.IndexOf(";sig=", StringComparison.Ordinal) + 5)..]);
        sig[0] ^= 1;
        SignatureInvalid(() => verifier.Verify(signature[..(signature.IndexOf(";sig=", StringComparison.Ordinal) + 5)] + Convert.ToBase64String(sig), Fields, Payload));
        Assert.Contains("eta", SignatureInvalid(() => verifier.Verify(signature.Replace("eta=2030", "eta=2031"), Fields, Payload)).Message);
        // A worker knows only the resolved run_at: it passes "" and the signed text is checked against the signature itself.
        verifier.Verify(signature, Fields with { Eta = "", Expires = "" }, Payload);
        Assert.Contains("does not match", SignatureInvalid(() => verifier.Verify(signature.Replace("eta=2030", "eta=2031"), Fields with { Eta = "", Expires = "" }, Payload)).Message);
        Assert.Contains("does not match", SignatureInvalid(() => verifier.Verify(signature.Replace("exp=+60000", "exp="), Fields with { Eta = "", Expires = "" }, Payload)).Message);
        Assert.Contains("not in the v1 format", SignatureInvalid(() => verifier.Verify("v2;" + signature[3..], Fields, Payload)).Message);
        Assert.Contains("not base64", SignatureInvalid(() => verifier.Verify(signature + "!", Fields, Payload)).Message);
        Assert.Contains("ecdsa-p256-sha256", SignatureInvalid(() => verifier.Verify(signature.Replace("hmac-sha256", "ecdsa-p256-sha256"), Fields, Payload)).Message);
    }

    [Fact]
    public void An_unknown_key_id_fails_and_names_the_keys_held()
    {
        var (signer, _) = Hmac();
        var other = new PayloadSigningOptions().AddHmacKey("k2", Secret(1)).CreateVerifier()!;
        var ex = SignatureInvalid(() => other.Verify(signer.Sign(Fields, Payload), Fields, Payload));
        Assert.Contains("'k1', which this process does not hold (it holds k2)", ex.Message);
    }

    [Fact]
    public void The_wrong_secret_under_the_same_id_fails()
    {
        var (signer, _) = Hmac();
        var wrong = new PayloadSigningOptions().AddHmacKey("k1", Secret(2)).CreateVerifier()!;
        Assert.Contains("does not match", SignatureInvalid(() => wrong.Verify(signer.Sign(Fields, Payload), Fields, Payload)).Message);
    }

    [Fact]
    public void Unsigned_payloads_pass_unless_signatures_are_required()
    {
        Hmac().Item2.Verify(null, Fields, Payload);
        Assert.Contains("not signed", SignatureInvalid(() => Hmac(require: true).Item2.Verify(null, Fields, Payload)).Message);
        Assert.Contains("not signed", SignatureInvalid(() => Hmac(require: true).Item2.Verify("", Fields, Payload)).Message);
    }

    [Fact]
    public void Rotation_signs_with_the_newest_key_and_verifies_with_any_listed()
    {
        var old = new PayloadSigningOptions().AddHmacKey("k1", Secret(1));
        var oldSignature = old.CreateSigner()!.Sign(Fields, Payload);
        var rotated = new PayloadSigningOptions().AddHmacKey("k1", Secret(1)).AddHmacKey("k2", Secret(2));
        var newSignature = rotated.CreateSigner()!.Sign(Fields, Payload);
        Assert.Contains(";kid=k2;", newSignature);
        var verifier = rotated.CreateVerifier()!;
        verifier.Verify(oldSignature, Fields, Payload);
        verifier.Verify(newSignature, Fields, Payload);
        // A process that has not rotated yet refuses the new key's jobs with a clear reason.
        Assert.Contains("'k2'", SignatureInvalid(() => old.CreateVerifier()!.Verify(newSignature, Fields, Payload)).Message);
        // The primary can be named explicitly.
        rotated.PrimaryKeyId = "k1";
        Assert.Contains(";kid=k1;", rotated.CreateSigner()!.Sign(Fields, Payload));
    }

    [Fact]
    public void Ecdsa_private_key_signs_and_the_public_key_alone_verifies()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new PayloadSigningOptions().AddEcdsaKey("e1", ec.ExportPkcs8PrivateKeyPem()).CreateSigner()!;
        var publicOnly = new PayloadSigningOptions().AddEcdsaKey("e1", ec.ExportSubjectPublicKeyInfoPem());
        Assert.Null(publicOnly.CreateSigner());
        var signature = signer.Sign(Fields, Payload);
        Assert.Matches(@"^v1;alg=ecdsa-p256-sha256;kid=e1;", signature);
        Assert.Equal(64, Convert.FromBase64String(signature[(signature.IndexOf(";sig=", StringComparison.Ordinal) + 5)..]).Length);
        var verifier = publicOnly.CreateVerifier()!;
        verifier.Verify(signature, Fields, Payload);
        SignatureInvalid(() => verifier.Verify(signature, Fields with { Queue = "other" }, Payload));
        SignatureInvalid(() => verifier.Verify(signature, Fields, [.. Payload[..^1], (byte)']']));
        // SEC1 "EC PRIVATE KEY" PEM works too.
        new PayloadSigningOptions().AddEcdsaKey("e1", ec.ExportECPrivateKeyPem()).CreateVerifier()!.Verify(signature, Fields, Payload);
    }

    [Fact]
    public void Ecdsa_from_a_certificate_verifies_and_signs_only_with_its_private_key()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=jobs-client", ec, HashAlgorithmName.SHA256);
        using var withKey = request.CreateSelfSigned(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2036, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var publicCert = X509CertificateLoader.LoadCertificate(withKey.RawData);
        var signer = new PayloadSigningOptions().AddEcdsaKey("c1", withKey).CreateSigner()!;
        var signature = signer.Sign(Fields, Payload);
        var byCert = new PayloadSigningOptions().AddEcdsaKey("c1", publicCert);
        Assert.Null(byCert.CreateSigner());
        byCert.CreateVerifier()!.Verify(signature, Fields, Payload);
        new PayloadSigningOptions().AddEcdsaKey("c1", publicCert.ExportCertificatePem()).CreateVerifier()!.Verify(signature, Fields, Payload);
        // A different key pair under the same id does not verify.
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        SignatureInvalid(() => new PayloadSigningOptions().AddEcdsaKey("c1", other.ExportSubjectPublicKeyInfoPem()).CreateVerifier()!.Verify(signature, Fields, Payload));
    }

    [Fact]
    public void Bad_keys_are_refused_when_added()
    {
        var o = new PayloadSigningOptions();
        Assert.Contains("at least 16", Assert.Throws<ArgumentException>(() => o.AddHmacKey("k1", new byte[8])).Message);
        Assert.Contains("not valid", Assert.Throws<ArgumentException>(() => o.AddHmacKey("k 1", Secret(1))).Message);
        Assert.Contains("not valid", Assert.Throws<ArgumentException>(() => o.AddHmacKey("k;1", Secret(1))).Message);
        o.AddHmacKey("k1", Secret(1));
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => o.AddHmacKey("k1", Secret(2))).Message);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Contains("P-256", Assert.Throws<ArgumentException>(() => o.AddEcdsaKey("e1", p384.ExportPkcs8PrivateKeyPem())).Message);
        Assert.Contains("PEM", Assert.Throws<ArgumentException>(() => o.AddEcdsaKey("e2", "-----BEGIN NOTHING-----\nAAAA\n-----END NOTHING-----")).Message);
        using var rsa = RSA.Create(2048);
        Assert.Throws<ArgumentException>(() => o.AddEcdsaKey("e3", rsa.ExportPkcs8PrivateKeyPem()));
    }

    [Fact]
    public void A_process_without_keys_verifies_nothing_unless_it_requires_signatures()
    {
        Assert.Null(new PayloadSigningOptions().CreateVerifier());
        Assert.Null(new PayloadSigningOptions().CreateSigner());
        var required = new PayloadSigningOptions { RequireSignatures = true }.CreateVerifier()!;
        Assert.Contains("holds no signing keys", SignatureInvalid(() => required.Verify(Hmac().Item1.Sign(Fields, Payload), Fields, Payload)).Message);
    }

    [Fact]
    public void Ed25519_private_key_signs_and_the_public_key_alone_verifies()
    {
        var (privatePem, publicPem) = Jobs.Payloads.Security.Ed25519SigningKey.Generate();
        var signer = new PayloadSigningOptions().AddEd25519Key("d1", privatePem).CreateSigner()!;
        var publicOnly = new PayloadSigningOptions().AddEd25519Key("d1", publicPem);
        Assert.Null(publicOnly.CreateSigner());
        var signature = signer.Sign(Fields, Payload);
        Assert.Matches(@"^v1;alg=ed25519;kid=d1;", signature);
        Assert.Equal(64, Convert.FromBase64String(signature[(signature.IndexOf(";sig=", StringComparison.Ordinal) + 5)..]).Length);
        var verifier = publicOnly.CreateVerifier()!;
        verifier.Verify(signature, Fields, Payload);
        SignatureInvalid(() => verifier.Verify(signature, Fields with { Task = "other" }, Payload));
        SignatureInvalid(() => verifier.Verify(signature, Fields, [.. Payload, 0]));
        var (_, otherPublic) = Jobs.Payloads.Security.Ed25519SigningKey.Generate();
        SignatureInvalid(() => new PayloadSigningOptions().AddEd25519Key("d1", otherPublic).CreateVerifier()!.Verify(signature, Fields, Payload));
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Throws<ArgumentException>(() => new PayloadSigningOptions().AddEd25519Key("d2", ec.ExportPkcs8PrivateKeyPem()));
    }
}
