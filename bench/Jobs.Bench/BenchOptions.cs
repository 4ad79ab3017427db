using Jobs.Bench.Systems;

namespace Jobs.Bench;

/// <summary>The command line, resolved: which scenarios and systems, at which sizes, on which server.</summary>
internal sealed record BenchOptions(bool Quick, string? Only, string? Systems, string? Postgres, string? JsonFile, bool Profile, bool Explain = false)
{
    public BenchSizes Sizes => Quick ? BenchSizes.Quick : BenchSizes.Full;

    public IReadOnlySet<string> ScenarioSet()
    {
        if (string.IsNullOrWhiteSpace(Only)) return Scenario.All.ToHashSet();
        var chosen = Split(Only).Select(s => s.ToUpperInvariant()).ToHashSet();
        var unknown = chosen.Except(Scenario.All).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown scenario(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Scenario.All)}.");
        return chosen;
    }

    public IReadOnlyList<IBenchSystem> SystemList()
    {
        var names = string.IsNullOrWhiteSpace(Systems) ? ["baseline", "jobs", "peers"] : Split(Systems).Select(s => s.ToLowerInvariant()).ToList();
        var expanded = new List<string>();
        foreach (var n in names)
            expanded.AddRange(n switch
            {
                "jobs" => ["jobs-postgres", "jobs-sqlite"],
                "peers" => PeerSystem.Known,
                "celery" => ["celery-redis", "celery-postgres"],
                _ => [n],
            });
        var signed = SignedTarget.Algorithms.SelectMany(a => new[] { "jobs-postgres-" + a, "jobs-sqlite-" + a });
        var known = new[] { "baseline", "jobs-postgres", "jobs-sqlite" }.Concat(signed).Concat(PeerSystem.Known).ToList();
        var unknown = expanded.Except(known).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown system(s) {string.Join(", ", unknown)}; known: {string.Join(", ", known)}, jobs, peers, celery.");
        return known.Where(expanded.Contains).Select<string, IBenchSystem>(n => n switch
        {
            "baseline" => new BaselineSystem(),
            "jobs-postgres" => new JobsSystem(new JobsPostgresTarget()),
            "jobs-sqlite" => new JobsSystem(new JobsSqliteTarget()),
            _ when n.StartsWith("jobs-postgres-", StringComparison.Ordinal) => new JobsSystem(new SignedTarget(new JobsPostgresTarget(n), n["jobs-postgres-".Length..])),
            _ when n.StartsWith("jobs-sqlite-", StringComparison.Ordinal) => new JobsSystem(new SignedTarget(new JobsSqliteTarget(n), n["jobs-sqlite-".Length..])),
            _ => new PeerSystem(n),
        }).ToList();
    }

    private static IEnumerable<string> Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
