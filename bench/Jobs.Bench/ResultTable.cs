using System.Globalization;
using Spectre.Console;

namespace Jobs.Bench;

/// <summary>
/// Prints the run as one table: a row per system, a column per figure, each cell with its ratio to the baseline
/// measured in the same run and, for Jobs, to the best peer; then the issue's targets, met or missed.
/// </summary>
internal static class ResultTable
{
    private static readonly string[] Columns = ["E1", "E8", "EB", "D", "L.p50", "L.p99", "L.max", "S"];
    private const string Baseline = "baseline";

    public static void Print(IReadOnlyList<BenchResult> results, IReadOnlyDictionary<string, string> failures, IAnsiConsole console)
    {
        var systems = results.Select(r => r.System).Concat(failures.Keys).Distinct().ToList();
        var table = new Table().Border(TableBorder.Rounded).Title("standard workload v1 — value, ×baseline, ×best peer");
        table.AddColumn("system");
        foreach (var c in Columns) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var system in systems)
        {
            var cells = new List<string> { Markup.Escape(system) };
            if (failures.TryGetValue(system, out var why) && !results.Any(r => r.System == system))
            {
                cells.Add($"[grey]{Markup.Escape(why)}[/]");
                cells.AddRange(Enumerable.Repeat("", Columns.Length - 1));
                table.AddRow(cells.ToArray());
                continue;
            }
            foreach (var c in Columns) cells.Add(Cell(results, system, c));
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        console.MarkupLine("[grey]jobs/s for E1 E8 EB D S (higher is better); ms for L (lower is better). ×base = value / baseline; ×peer = value / best peer's.[/]");
        PrintTargets(results, console);
        PrintAdmin(results, console);
    }

    /// <summary>
    /// Scenario A (bench/ADMIN.md), when it ran: a row per store, a column per admin call, the median ms; then the same
    /// for the dashboard's pages (A.page_*).
    /// </summary>
    private static void PrintAdmin(IReadOnlyList<BenchResult> results, IAnsiConsole console)
    {
        var admin = results.Where(r => r.Scenario.StartsWith(Scenario.A + ".", StringComparison.Ordinal)).ToList();
        if (admin.Count == 0) return;
        var jobs = admin[0].Settings["jobs"]?.GetValue<int>() ?? 0;
        const string page = Scenario.A + ".page_";
        PrintAdminTable(results, admin.Where(r => !r.Scenario.StartsWith(page, StringComparison.Ordinal)), $"A — JobAdmin on {jobs:#,0} jobs, median ms", Scenario.A.Length + 1, console);
        console.MarkupLine("[grey]arg: search by an argument's value (a frequent one: first page, 5,000 matches deep; a rare one; none); state: FAILURE (first page, half way down); count: CountJobsAsync; queues: ListQueuesAsync.[/]");
        if (!admin.Any(r => r.Scenario.StartsWith(page, StringComparison.Ordinal))) return;
        PrintAdminTable(results, admin.Where(r => r.Scenario.StartsWith(page, StringComparison.Ordinal)), $"A — dashboard pages over HTTP on {jobs:#,0} jobs, median ms", page.Length, console);
        console.MarkupLine("[grey]A.page_*: GET of the page (no cache: every request reads the database), body read. arg: args.customer a frequent value / a rare one; failed: the FAILURE tab; job: one job's detail.[/]");
    }

    private static void PrintAdminTable(IReadOnlyList<BenchResult> results, IEnumerable<BenchResult> rows, string title, int strip, IAnsiConsole console)
    {
        var list = rows.ToList();
        var calls = list.Select(r => r.Scenario).Distinct().ToList();
        var table = new Table().Border(TableBorder.Rounded).Title(title);
        table.AddColumn("system");
        foreach (var c in calls) table.AddColumn(new TableColumn(c[strip..]).RightAligned());
        foreach (var system in list.Select(r => r.System).Distinct())
            table.AddRow([Markup.Escape(system), .. calls.Select(c => Find(results, system, c)?.Value is { } v ? Format(v, "ms") : "")]);
        console.Write(table);
    }

    private static string Cell(IReadOnlyList<BenchResult> results, string system, string scenario)
    {
        var r = Find(results, system, scenario);
        if (r is null) return "";
        if (r.Value is not { } v) return "[grey]n/a[/]";
        var text = Format(v, r.Unit);
        var baseline = Find(results, Baseline, scenario)?.Value;
        if (system != Baseline && baseline is > 0) text += $"\n[grey]{Ratio(v / baseline.Value)}× base[/]";
        if (system.StartsWith("jobs-", StringComparison.Ordinal) && BestPeer(results, scenario, r.Unit) is { } peer)
            text += $"\n[grey]{Ratio(v / peer.Value!.Value)}× {Markup.Escape(peer.System)}[/]";
        return text;
    }

    private static string Ratio(double r) => r.ToString(r < 0.1 ? "0.000" : "0.00", CultureInfo.InvariantCulture);

    private static BenchResult? Find(IReadOnlyList<BenchResult> results, string system, string scenario) =>
        results.LastOrDefault(r => r.System == system && r.Scenario == scenario);

    /// <summary>The best figure among the peers (not Jobs, not the baseline) for a scenario.</summary>
    public static BenchResult? BestPeer(IReadOnlyList<BenchResult> results, string scenario, string unit)
    {
        var peers = results.Where(r => r.Scenario == scenario && r.Value is > 0 && r.System != Baseline && !r.System.StartsWith("jobs-", StringComparison.Ordinal));
        return Scenario.HigherIsBetter(unit) ? peers.MaxBy(r => r.Value) : peers.MinBy(r => r.Value);
    }

    private static string Format(double v, string unit) => unit == "ms"
        ? v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms"
        : v.ToString("#,0", CultureInfo.InvariantCulture) + "/s";

    /// <summary>The targets of issue 7, checked against this run.</summary>
    private static void PrintTargets(IReadOnlyList<BenchResult> results, IAnsiConsole console)
    {
        var rows = new List<(string What, double? Got, double? Want, bool Lower)>();
        double? V(string system, string scenario) => Find(results, system, scenario)?.Value;
        double? Times(double? x, double f) => x * f;
        const string pg = "jobs-postgres", lite = "jobs-sqlite";
        rows.Add(("PostgreSQL D ≥ 75% of baseline D", V(pg, "D"), Times(V(Baseline, "D"), 0.75), false));
        rows.Add(("PostgreSQL EB ≥ 80% of baseline COPY", V(pg, "EB"), Times(V(Baseline, "EB"), 0.80), false));
        rows.Add(("PostgreSQL E1 ≥ 90% of baseline E1", V(pg, "E1"), Times(V(Baseline, "E1"), 0.90), false));
        rows.Add(("PostgreSQL E8 ≥ 90% of baseline E8", V(pg, "E8"), Times(V(Baseline, "E8"), 0.90), false));
        rows.Add(("PostgreSQL L p50 ≤ best peer", V(pg, "L.p50"), BestPeer(results, "L.p50", "ms")?.Value, true));
        rows.Add(("PostgreSQL L p99 ≤ best peer", V(pg, "L.p99"), BestPeer(results, "L.p99", "ms")?.Value, true));
        rows.Add(("PostgreSQL S ≥ 60% of its D", V(pg, "S"), Times(V(pg, "D"), 0.60), false));
        rows.Add(("SQLite D ≥ 20,000/s", V(lite, "D"), 20_000, false));
        rows.Add(("SQLite EB ≥ 100,000/s", V(lite, "EB"), 100_000, false));
        var table = new Table().Border(TableBorder.Simple).Title("targets (issue 7)");
        table.AddColumn("target"); table.AddColumn(new TableColumn("got").RightAligned()); table.AddColumn(new TableColumn("needed").RightAligned()); table.AddColumn("");
        foreach (var (what, got, want, lower) in rows)
        {
            if (got is null || want is null) { table.AddRow(Markup.Escape(what), got?.ToString("#,0.##", CultureInfo.InvariantCulture) ?? "—", want?.ToString("#,0.##", CultureInfo.InvariantCulture) ?? "—", "[grey]not measured[/]"); continue; }
            var met = lower ? got <= want : got >= want;
            table.AddRow(Markup.Escape(what), got.Value.ToString("#,0.##", CultureInfo.InvariantCulture), want.Value.ToString("#,0.##", CultureInfo.InvariantCulture),
                met ? "[green]met[/]" : $"[red]missed by {Math.Abs(1 - got.Value / want.Value):P0}[/]");
        }
        console.Write(table);
    }
}
