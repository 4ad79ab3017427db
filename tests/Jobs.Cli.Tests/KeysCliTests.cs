using System.Security.Cryptography;
using System.Text.Json;
using Jobs.Cli.Keys;
using Jobs.Cli.Tests.Infrastructure;
using Jobs.Payloads;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary><c>jobs keys generate</c> and the key options of <c>enqueue</c> and <c>worker</c>, as real processes (on a SQLite file).</summary>
public sealed class KeysCliTests : MigratedCliTest
{
    protected override Task<CliDatabase> CreateDatabaseAsync() => Task.FromResult<CliDatabase>(new SqliteCliDatabase());

    private string InDir(string name) => Path.Combine(Db.WorkingDirectory, name);

    private static void UserError(CliResult result, string expected)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, Assert.Single(result.StderrLines));
    }

    private static readonly SignedFields Fields = new(Guid.CreateVersion7(), "jobs.echo", "default", "application/json", null, "", "");

    [Fact]
    public async Task Generate_prints_an_hmac_key_in_the_key_file_format()
    {
        var lines = Ok(await Cli.RunAsync("keys", "generate", "--type", "hmac", "--id", "k1")).Output.Split('\n');
        Assert.Equal("# jobs key: type=hmac id=k1", lines[0]);
        Assert.Equal(32, Convert.FromBase64String(Assert.Single(lines[1..])).Length);
        var json = JsonDocument.Parse(Ok(await Cli.RunAsync("keys", "generate", "--type", "aes", "--json")).Stdout).RootElement;
        Assert.Equal("aes", json.GetProperty("type").GetString());
        Assert.Matches("^k[0-9a-f]{8}$", json.GetProperty("id").GetString());
        Assert.Equal(32, Convert.FromBase64String(json.GetProperty("key").GetString()!).Length);
    }

    [Fact]
    public async Task Generate_writes_an_ecdsa_pair_whose_halves_sign_and_verify_and_never_overwrites()
    {
        var written = Ok(await Cli.RunAsync("keys", "generate", "--type", "ecdsa", "--id", "e1", "--out", "e1.pem")).Output;
        Assert.Equal("wrote ecdsa key e1 to e1.pem\nwrote its public key to e1.pem.pub", written);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(InDir("e1.pem")));
        }
        var secret = KeyFile.Parse(await File.ReadAllTextAsync(InDir("e1.pem")));
        var pub = KeyFile.Parse(await File.ReadAllTextAsync(InDir("e1.pem.pub")));
        Assert.Equal((KeyType.Ecdsa, "e1"), (secret.Type!.Value, secret.Id));
        Assert.Equal((KeyType.EcdsaPublic, "e1"), (pub.Type!.Value, pub.Id));
        Assert.Contains("-----BEGIN PRIVATE KEY-----", secret.Body);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", pub.Body);

        var signature = new PayloadSigningOptions().AddEcdsaKey("e1", secret.Body).CreateSigner()!.Sign(Fields, "{}"u8);
        new PayloadSigningOptions().AddEcdsaKey("e1", pub.Body).CreateVerifier()!.Verify(signature, Fields, "{}"u8);

        var before = await File.ReadAllTextAsync(InDir("e1.pem"));
        UserError(await Cli.RunAsync("keys", "generate", "--type", "ecdsa", "--out", "e1.pem"), "e1.pem exists; a key file is never overwritten");
        Assert.Equal(before, await File.ReadAllTextAsync(InDir("e1.pem")));
    }

    [Fact]
    public async Task Generate_refuses_unknown_types_and_bad_ids()
    {
        UserError(await Cli.RunAsync("keys", "generate", "--type", "rsa"), "key type 'rsa' is not supported; supported types: hmac, ecdsa, ed25519, aes");
        UserError(await Cli.RunAsync("keys", "generate", "--type", "hmac", "--id", "k;1"), "--id 'k;1' is not valid");
        Assert.Equal(2, (await Cli.RunAsync("keys", "generate")).ExitCode);
    }

    [Fact]
    public async Task Enqueue_signs_with_a_generated_key_and_refuses_wrong_key_files_with_one_clear_line()
    {
        Ok(await Cli.RunAsync("keys", "generate", "--type", "hmac", "--id", "k1", "--out", "k1.key"));
        Ok(await Cli.RunAsync("keys", "generate", "--type", "ecdsa", "--id", "e1", "--out", "e1.pem"));
        Ok(await Cli.RunAsync("keys", "generate", "--type", "aes", "--id", "a1", "--out", "a1.key"));
        await File.WriteAllTextAsync(InDir("bare.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        await File.WriteAllTextAsync(InDir("short.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(8)) + "\n");

        Assert.True(Guid.TryParse(Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--signing-key", "k1.key")).Output, out _));
        Assert.True(Guid.TryParse(Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--signing-key", "e1.pem", "--encryption-key", "a1.key", "--encrypt")).Output, out _));
        Assert.True(Guid.TryParse(Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--signing-key", "b1=bare.key")).Output, out _));

        UserError(await Cli.RunAsync("enqueue", "jobs.echo", "--signing-key", "e1.pem.pub"), "--signing-key e1.pem.pub: this is a public key, which cannot sign; give it as --verify-key");
        UserError(await Cli.RunAsync("enqueue", "jobs.echo", "--signing-key", "a1.key"), "--signing-key a1.key: this is an aes key; give it as --encryption-key");
        UserError(await Cli.RunAsync("enqueue", "jobs.echo", "--encryption-key", "k1.key"), "--encryption-key k1.key: this is an hmac key; encryption needs an aes key");
        UserError(await Cli.RunAsync("enqueue", "jobs.echo", "--signing-key", "bare.key"), "--signing-key bare.key: the file names no key id; give it as --signing-key ID=bare.key");
        UserError(await Cli.RunAsync("enqueue", "jobs.echo", "--signing-key", "s1=short.key"), "--signing-key short.key: The HMAC secret of key 's1' has 8 bytes; use at least 16");
        UserError(await Cli.RunAsync("enqueue", "jobs.echo", "--signing-key", "missing.key"), "--signing-key missing.key: Could not find file");
        UserError(await Cli.RunAsync("enqueue", "jobs.echo", "--signing-key", "k1.key", "--signing-key", "k1.key"), "Key id 'k1' is added twice");
        UserError(await Cli.RunAsync("enqueue", "jobs.echo", "--encrypt"), "--encrypt needs an AES key: give --encryption-key FILE or $JOBS_ENCRYPTION_KEYS");
    }

    [Fact]
    public async Task Key_options_fall_back_to_environment_variables_and_the_worker_checks_its_keys_before_it_starts()
    {
        Ok(await Cli.RunAsync("keys", "generate", "--type", "aes", "--id", "a1", "--out", "a1.key"));
        var env = new Dictionary<string, string?>(Cli.Environment) { ["JOBS_SIGNING_KEYS"] = "a1.key" };
        var withEnv = new JobsCli(Db.WorkingDirectory, env);
        UserError(await withEnv.RunAsync("enqueue", "jobs.echo"), "--signing-key a1.key: this is an aes key");
        // An option replaces its variable.
        Ok(await Cli.RunAsync("keys", "generate", "--type", "hmac", "--id", "k1", "--out", "k1.key"));
        Assert.True(Guid.TryParse(Ok(await withEnv.RunAsync("enqueue", "jobs.echo", "--signing-key", "k1.key")).Output, out _));

        UserError(await Cli.RunAsync("worker", "--verify-key", "missing.pem", "--require-signatures"), "--verify-key missing.pem: Could not find file");
        UserError(await Cli.RunAsync("worker", "--pool", "process", "--encryption-key", "k1.key"), "--encryption-key k1.key: this is an hmac key");
    }

    [Fact]
    public async Task A_worker_that_requires_signatures_runs_signed_jobs_refuses_unsigned_ones_and_encrypted_results_need_the_key()
    {
        Ok(await Cli.RunAsync("keys", "generate", "--type", "ecdsa", "--id", "e1", "--out", "e1.pem"));
        Ok(await Cli.RunAsync("keys", "generate", "--type", "aes", "--id", "a1", "--out", "a1.key"));
        await using var worker = await WorkerProcess.StartAsync(Cli, "--verify-key", "e1.pem.pub", "--require-signatures", "--encryption-key", "a1.key");

        var signed = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--args", """{"x":1}""", "--signing-key", "e1.pem")).Output;
        Assert.Equal("""{"x":1}""", Ok(await Cli.RunAsync("result", signed, "--wait", "30s")).Output);
        Assert.Contains("signature: verified with key e1", Ok(await Cli.RunAsync("status", signed, "--verify-key", "e1.pem.pub")).Output);
        Assert.Contains("signature: not checked", Ok(await Cli.RunAsync("status", signed)).Output);
        Ok(await Cli.RunAsync("keys", "generate", "--type", "ecdsa", "--id", "e2", "--out", "e2.pem"));
        Assert.Contains("signature: SignatureInvalid: ", Ok(await Cli.RunAsync("status", signed, "--verify-key", "e1=e2.pem.pub")).Output); // another key under its id

        var unsigned = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--args", """{"x":2}""")).Output;
        Assert.Equal(1, (await Cli.RunAsync("result", unsigned, "--wait", "30s")).ExitCode);
        var row = Assert.Single(await Db.QueryAsync($"select state, error from {{job}} where id = '{unsigned}'"));
        Assert.Equal("FAILURE", row[0]);
        Assert.StartsWith("SignatureInvalid: ", (string)row[1]!);

        var secret = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--args", """{"pin":"1234"}""", "--signing-key", "e1.pem", "--encrypt", "--encryption-key", "a1.key")).Output;
        Assert.Equal("""{"pin":"1234"}""", Ok(await Cli.RunAsync("result", secret, "--wait", "30s", "--encryption-key", "a1.key")).Output);
        var withoutKey = await Cli.RunAsync("result", secret);
        Assert.NotEqual(0, withoutKey.ExitCode);
        Assert.Contains("a1", withoutKey.Stderr + withoutKey.Stdout);
    }
}
