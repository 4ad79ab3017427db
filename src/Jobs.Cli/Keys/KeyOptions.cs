using System.CommandLine;

namespace Jobs.Cli.Keys;

/// <summary>
/// The payload key options of <c>jobs worker</c> and <c>jobs enqueue</c>: <c>--signing-key</c>, <c>--verify-key</c>,
/// <c>--encryption-key</c> (repeatable <c>[ID=]FILE</c>; the last signing or encryption key is the primary one) and,
/// on the worker, <c>--require-signatures</c> and <c>--sign-results</c>. Each has an environment variable
/// (comma-separated lists; an option given on the command line replaces its variable).
/// </summary>
internal sealed class KeyOptions
{
    public const string SigningVariable = "JOBS_SIGNING_KEYS";
    public const string VerifyVariable = "JOBS_VERIFY_KEYS";
    public const string EncryptionVariable = "JOBS_ENCRYPTION_KEYS";
    public const string RequireVariable = "JOBS_REQUIRE_SIGNATURES";
    public const string SignResultsVariable = "JOBS_SIGN_RESULTS";

    private readonly bool _worker;

    /// <param name="worker">The worker's options (with --require-signatures and --sign-results).</param>
    /// <param name="reader">A command that only reads jobs (status, result): its keys verify and decrypt.</param>
    public KeyOptions(bool worker, bool reader = false)
    {
        _worker = worker;
        Signing = Specs("--signing-key", reader
            ? $"A key file the jobs were signed with (HMAC secret, ECDSA or Ed25519 key): verifies results. Repeatable. Default: ${SigningVariable}."
            : $"A key file that signs ({(worker ? "results; it also verifies jobs" : "the jobs enqueued")}): HMAC secret, ECDSA or Ed25519 private key. Repeatable; the last signs. Default: ${SigningVariable}.");
        Verify = Specs("--verify-key", $"A key file that only verifies: HMAC secret, ECDSA or Ed25519 public key, or certificate. Repeatable. Default: ${VerifyVariable}.");
        Encryption = Specs("--encryption-key", $"An AES-256 key file (encrypts with the last, decrypts with any). Repeatable. Default: ${EncryptionVariable}.");
    }

    public Option<string[]> Signing { get; }
    public Option<string[]> Verify { get; }
    public Option<string[]> Encryption { get; }

    public Option<bool> RequireSignatures { get; } = new("--require-signatures")
    {
        Description = $"Refuse unsigned or badly signed jobs: FAILURE SignatureInvalid, the handler never runs. Default: ${RequireVariable}=1.",
    };

    public Option<bool> SignResults { get; } = new("--sign-results")
    {
        Description = $"Sign the results this worker stores with its signing key. Default: ${SignResultsVariable}=1.",
    };

    public void AddTo(Command command)
    {
        command.Add(Signing);
        command.Add(Verify);
        command.Add(Encryption);
        if (!_worker) return;
        command.Add(RequireSignatures);
        command.Add(SignResults);
    }

    /// <summary>The keys and switches as parsed, falling back to the environment.</summary>
    public KeySettings Resolve(CliContext ctx) => new(
        From(ctx, Signing, SigningVariable), From(ctx, Verify, VerifyVariable), From(ctx, Encryption, EncryptionVariable),
        _worker && (ctx.Get(RequireSignatures) || Flag(RequireVariable)),
        _worker && (ctx.Get(SignResults) || Flag(SignResultsVariable)));

    private static Option<string[]> Specs(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "[id=]file",
        DefaultValueFactory = _ => [],
    };

    private static IReadOnlyList<KeySpec> From(CliContext ctx, Option<string[]> option, string variable)
    {
        var given = ctx.Get(option) ?? [];
        var values = given.Length > 0 ? given
            : (Environment.GetEnvironmentVariable(variable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return values.Select(KeySpec.Parse).ToList();
    }

    private static bool Flag(string variable)
        => Environment.GetEnvironmentVariable(variable)?.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "on";
}
