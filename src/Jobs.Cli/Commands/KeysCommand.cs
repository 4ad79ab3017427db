using System.CommandLine;
using Jobs.Cli.Keys;
using Jobs.Cli.Output;
using Jobs.Payloads.Security;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs keys generate --type hmac|ecdsa|ed25519|aes [--id ID] [--out FILE]</c>: makes a payload key in the key file format
/// (<see cref="KeyFile"/>) and prints it, or writes it to FILE (readable by its owner only; an ECDSA or Ed25519 key's
/// public half goes to FILE.pub). Never overwrites a file.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(GlobalOptions globals) => new("keys", "Make keys for signing and encrypting payloads.") { Generate(globals) };

    private static Command Generate(GlobalOptions globals)
    {
        var type = new Option<string>("--type", "-t")
        {
            Description = "hmac (shared secret that signs and verifies), ecdsa (P-256) or ed25519 (key pairs: workers hold only the public key) or aes (AES-256 encryption).",
            HelpName = string.Join('|', KeyTypeNames.Generated),
            Required = true,
        };
        type.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (!KeyTypeNames.Generated.Contains(value, StringComparer.OrdinalIgnoreCase))
                r.AddError($"key type '{value}' is not supported; supported types: {string.Join(", ", KeyTypeNames.Generated)}");
        });
        var id = new Option<string?>("--id") { Description = "The key id recorded with what it signs or encrypts. Default: k and 8 random hex digits." };
        id.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string?>();
            if (value is not null && !KeyId.IsValid(value)) r.AddError($"--id '{value}' is not valid: use 1 to {KeyId.MaxLength} letters, digits, '.', '_' or '-'");
        });
        var output = new Option<string?>("--out", "-o") { Description = "Write the key to this file (an ECDSA or Ed25519 public key to FILE.pub) instead of printing it.", HelpName = "file" };
        return new Command("generate", "Make a new key and print it or write it to a file.") { type, id, output }.WithAction(globals, (ctx, ct) =>
        {
            var keyType = KeyTypeNames.Parse(ctx.Get(type))!.Value;
            var keyId = ctx.Get(id) ?? KeyGenerator.NewId();
            var (secret, pub) = KeyGenerator.Generate(keyType, keyId);
            if (ctx.Get(output) is not { } path)
            {
                if (ctx.Json) JsonOutput.Write(new { type = keyType.Name(), id = keyId, key = secret.Body.TrimEnd(), publicKey = pub?.Body.TrimEnd() });
                else Console.Out.Write(secret.Format() + (pub is null ? "" : "\n" + pub.Format()));
                return Task.FromResult(ExitCodes.Success);
            }
            var publicPath = pub is null ? null : path + ".pub";
            foreach (var p in new[] { path, publicPath })
                if (p is not null && File.Exists(p)) throw CliException.Usage($"{p} exists; a key file is never overwritten: remove it or choose another --out");
            Write(path, secret, privateFile: true);
            if (pub is not null) Write(publicPath!, pub, privateFile: false);
            if (ctx.Json) JsonOutput.Write(new { type = keyType.Name(), id = keyId, file = Path.GetFullPath(path), publicFile = publicPath is null ? null : Path.GetFullPath(publicPath) });
            else
            {
                Terminal.Line($"wrote {keyType.Name()} key {keyId} to {path}");
                if (publicPath is not null) Terminal.Line($"wrote its public key to {publicPath}");
            }
            return Task.FromResult(ExitCodes.Success);
        });
    }

    private static void Write(string path, KeyFile key, bool privateFile)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = privateFile ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        try
        {
            using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(false), options);
            writer.Write(key.Format());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot write {path}: {ex.Message}");
        }
    }
}
