using Jobs.Cli.Keys;
using Jobs.Payloads;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>How key options become keys of <see cref="JobsOptions"/> (in process).</summary>
public sealed class KeySettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("jobs-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, KeyFile key)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, key.Format());
        return path;
    }

    [Theory]
    [InlineData("k1=keys/k1.key", "k1", "keys/k1.key")]
    [InlineData("keys/k1.key", null, "keys/k1.key")]
    [InlineData("/etc/a=b/k.key", null, "/etc/a=b/k.key")]
    [InlineData("k 1=x", null, "k 1=x")]
    public void Specs_are_an_optional_id_and_a_path(string text, string? id, string path)
        => Assert.Equal(new KeySpec(id, path), KeySpec.Parse(text));

    [Fact]
    public void The_last_signing_key_signs_even_when_verify_keys_follow_it_on_the_command_line()
    {
        var (old, _) = KeyGenerator.Generate(KeyType.Hmac, "old");
        var (current, _) = KeyGenerator.Generate(KeyType.Hmac, "new");
        var (other, _) = KeyGenerator.Generate(KeyType.Hmac, "peer");
        var settings = new KeySettings([KeySpec.Parse(Write("old.key", old)), KeySpec.Parse(Write("new.key", current))],
            [KeySpec.Parse(Write("peer.key", other))], [], RequireSignatures: true, SignResults: true);
        var options = new JobsOptions();
        settings.Apply(options);
        var fields = new SignedFields(Guid.CreateVersion7(), "t", "q", "application/json", null, "", "");
        Assert.Contains(";kid=new;", options.Payloads.Signing.CreateSigner()!.Sign(fields, "{}"u8));
        Assert.Equal(["peer", "old", "new"], options.Payloads.Signing.Keys.Keys.Select(k => k.Id));
        Assert.True(options.Payloads.Signing.RequireSignatures);
        Assert.True(options.Payloads.Signing.SignResults);
    }

    [Fact]
    public void Child_arguments_repeat_the_settings_with_absolute_paths()
    {
        var settings = new KeySettings([new KeySpec("k1", "k1.key")], [new KeySpec(null, "e1.pem.pub")], [new KeySpec(null, "a.key")], true, false);
        Assert.Equal(["--signing-key", "k1=" + Path.GetFullPath("k1.key"), "--verify-key", Path.GetFullPath("e1.pem.pub"),
            "--encryption-key", Path.GetFullPath("a.key"), "--require-signatures"], settings.ChildArguments());
    }

    [Fact]
    public void Key_files_without_a_header_and_with_comments_parse()
    {
        var file = KeyFile.Parse("# rotated 2026-12\n\n  c2VjcmV0LXNlY3JldC1zZWNyZXQ=  \n");
        Assert.Null(file.Type);
        Assert.Null(file.Id);
        Assert.Equal("secret-secret-secret"u8.ToArray(), file.Bytes());
        Assert.Throws<FormatException>(() => KeyFile.Parse("# jobs key: type=rsa id=x\nAAAA"));
        Assert.Throws<FormatException>(() => KeyFile.Parse("# only a comment\n"));
    }

    [Fact]
    public void Ed25519_key_files_sign_and_verify_with_or_without_their_header()
    {
        var (secret, pub) = KeyGenerator.Generate(KeyType.Ed25519, "d1");
        Assert.Contains("-----BEGIN PRIVATE KEY-----", secret.Body);
        var signer = new JobsOptions();
        new KeySettings([KeySpec.Parse(Write("d1.pem", secret))], [], []).Apply(signer);
        var verifier = new JobsOptions();
        new KeySettings([], [KeySpec.Parse("d1=" + Write("bare.pub", pub! with { Type = null, Id = null }))], []).Apply(verifier);
        var fields = new SignedFields(Guid.CreateVersion7(), "t", "q", "application/json", null, "", "");
        var signature = signer.Payloads.Signing.CreateSigner()!.Sign(fields, "{}"u8);
        Assert.StartsWith("v1;alg=ed25519;kid=d1;", signature);
        verifier.Payloads.Signing.CreateVerifier()!.Verify(signature, fields, "{}"u8);
        Assert.Null(verifier.Payloads.Signing.CreateSigner());
    }
}
