using System.Security.Cryptography;

namespace Jobs.Bench.Systems;

/// <summary>
/// A target with payload signing on (issue 19's cost figure): the client signs every job with the algorithm's key and
/// the workers require and verify signatures, so EB measures signing and D verifying. Systems
/// <c>jobs-postgres-hmac</c>, <c>jobs-postgres-ecdsa</c>, <c>jobs-postgres-ed25519</c> (and the same on SQLite).
/// </summary>
/// <param name="inner">The store, named for the signed system (e.g. <c>jobs-postgres-hmac</c>).</param>
internal sealed class SignedTarget(IJobsTarget inner, string algorithm) : IJobsTarget
{
    public static readonly string[] Algorithms = ["hmac", "ecdsa", "ed25519"];

    public string Name => inner.Name;
    public string Version => inner.Version + ", signed " + algorithm;
    public JobsWorkerLayout Layout => inner.Layout;
    public bool ArgsIndex => inner.ArgsIndex;

    public Task PrepareAsync(BenchRun run) => inner.PrepareAsync(run);
    public Task ResetAsync() => inner.ResetAsync();
    public Task<long> CountSucceededAsync() => inner.CountSucceededAsync();
    public Task LoadAdminJobsAsync(int jobs) => inner.LoadAdminJobsAsync(jobs);
    public Task<string> ExplainAdminAsync(string op, JobSearch? search) => inner.ExplainAdminAsync(op, search);

    public void Configure(JobsOptions options)
    {
        inner.Configure(options);
        var signing = options.Payloads.Signing;
        signing.RequireSignatures = true;
        _ = algorithm switch
        {
            "hmac" => signing.AddHmacKey("bench", HmacSecret.Value),
            "ecdsa" => signing.AddEcdsaKey("bench", EcdsaPem.Value),
            "ed25519" => signing.AddEd25519Key("bench", Ed25519Pem),
            _ => throw new ArgumentException($"Unknown signing algorithm '{algorithm}'."),
        };
    }

    // One key per process, so that every host of the run (client and workers) agrees.
    private static readonly Lazy<byte[]> HmacSecret = new(() => RandomNumberGenerator.GetBytes(32));
    private static readonly Lazy<string> EcdsaPem = new(() => ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem());

    // RFC 8410's example Ed25519 private key (PKCS#8): a fixed key is enough to measure the cost of signing.
    private const string Ed25519Pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----";
}
