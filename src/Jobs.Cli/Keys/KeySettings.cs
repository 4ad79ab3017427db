using System.Security.Cryptography;

namespace Jobs.Cli.Keys;

/// <summary>The payload keys and switches of one console process (<see cref="KeyOptions"/>), applied to its <see cref="JobsOptions"/>.</summary>
internal sealed record KeySettings(
    IReadOnlyList<KeySpec> Signing,
    IReadOnlyList<KeySpec> Verify,
    IReadOnlyList<KeySpec> Encryption,
    bool RequireSignatures = false,
    bool SignResults = false)
{
    public static readonly KeySettings None = new([], [], []);

    public bool HasEncryptionKey => Encryption.Count > 0;

    /// <summary>
    /// Reads every key file and adds the keys to <paramref name="options"/>: verify-only keys first, then the signing
    /// keys (the last one signs), then the encryption keys (the last one encrypts). A wrong file is a usage error.
    /// </summary>
    public void Apply(JobsOptions options)
    {
        var signing = options.Payloads.Signing;
        foreach (var spec in Verify) AddSigning(signing, spec, "--verify-key", signs: false);
        string? primary = null;
        foreach (var spec in Signing) primary = AddSigning(signing, spec, "--signing-key", signs: true);
        if (primary is not null) signing.PrimaryKeyId = primary;
        signing.RequireSignatures |= RequireSignatures;
        signing.SignResults |= SignResults;
        foreach (var spec in Encryption)
        {
            var (id, file) = spec.Read("--encryption-key");
            if (file.Type is { } t and not KeyType.Aes)
                throw CliException.Usage($"--encryption-key {spec.Path}: this is an {t.Name()} key; encryption needs an aes key (jobs keys generate --type aes)");
            Add("--encryption-key", spec, () => options.Payloads.Encryption.AddAesKey(id, Bytes("--encryption-key", spec, file)));
        }
    }

    /// <summary>The options that give these settings to a process-pool child (absolute paths).</summary>
    public IEnumerable<string> ChildArguments()
    {
        foreach (var s in Signing) { yield return "--signing-key"; yield return s.Absolute(); }
        foreach (var s in Verify) { yield return "--verify-key"; yield return s.Absolute(); }
        foreach (var s in Encryption) { yield return "--encryption-key"; yield return s.Absolute(); }
        if (RequireSignatures) yield return "--require-signatures";
        if (SignResults) yield return "--sign-results";
    }

    private static string AddSigning(PayloadSigningOptions signing, KeySpec spec, string option, bool signs)
    {
        var (id, file) = spec.Read(option);
        switch (file.Type)
        {
            case KeyType.Aes:
                throw CliException.Usage($"{option} {spec.Path}: this is an aes key; give it as --encryption-key");
            case KeyType.EcdsaPublic or KeyType.Ed25519Public when signs:
                throw CliException.Usage($"{option} {spec.Path}: this is a public key, which cannot sign; give it as --verify-key");
        }
        if (file.IsPem)
        {
            var before = signing.Keys.Count;
            Add(option, spec, () =>
            {
                if (file.Type is KeyType.Ed25519 or KeyType.Ed25519Public) signing.AddEd25519Key(id, file.Body);
                else if (file.Type is not null) signing.AddEcdsaKey(id, file.Body);
                else
                {
                    // A PEM without the header: ECDSA (key or certificate) or, failing that, Ed25519.
                    try { signing.AddEcdsaKey(id, file.Body); }
                    catch (ArgumentException) { signing.AddEd25519Key(id, file.Body); }
                }
            });
            if (signs && !signing.Keys.Keys[before].CanSign)
                throw CliException.Usage($"{option} {spec.Path}: this PEM holds no private key, so it cannot sign; give it as --verify-key");
        }
        else Add(option, spec, () => signing.AddHmacKey(id, Bytes(option, spec, file)));
        return id;
    }

    private static byte[] Bytes(string option, KeySpec spec, KeyFile file)
    {
        try
        {
            return file.Bytes();
        }
        catch (FormatException ex)
        {
            throw CliException.Usage($"{option} {spec.Path}: {ex.Message}");
        }
    }

    private static void Add(string option, KeySpec spec, Action add)
    {
        try
        {
            add();
        }
        catch (ArgumentException ex)
        {
            var message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
            throw CliException.Usage($"{option} {spec.Path}: {message}");
        }
        catch (CryptographicException ex)
        {
            throw CliException.Usage($"{option} {spec.Path}: {ex.Message}");
        }
    }
}
