using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>What the console's monitoring tests share: worker names, waiting for pings, reading JSON replies and event lines.</summary>
public abstract class MonitoringCliTest : MigratedCliTest
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// --timeout for inspect and control commands that expect replies: the command returns as soon as every addressed
    /// online worker replied, so a long bound costs nothing, while the default 1 s failed on a loaded machine.
    /// </summary>
    protected const string ReplyTimeout = "20s";

    protected string Name(string role) => $"mon-{role}-{Guid.NewGuid().ToString("N")[..6]}";

    protected async Task WaitForPingAsync(params string[] workers)
        => await Eventually.UntilAsync(async () =>
        {
            var r = await Cli.RunAsync("inspect", "ping", "--timeout", ReplyTimeout, "--json");
            return r.ExitCode == 0 && workers.All(w => JsonDocument.Parse(r.Stdout).RootElement.TryGetProperty(w, out _));
        }, Wait, $"{string.Join(", ", workers)} to answer ping");

    protected async Task<int> ConcurrencyAsync(string worker)
    {
        var stats = Reply(Ok(await Cli.RunAsync("inspect", "stats", "--timeout", ReplyTimeout, "--worker", worker, "--json")));
        return stats.GetProperty(worker).GetProperty("concurrency").GetInt32();
    }

    protected static JsonElement Reply(CliResult result)
    {
        try { return JsonDocument.Parse(result.Stdout).RootElement; }
        catch (JsonException ex) { throw new InvalidOperationException($"not JSON: {result}", ex); }
    }

    protected static IEnumerable<JsonElement> Jobs(JsonElement replies, string worker)
        => replies.TryGetProperty(worker, out var r) && r.TryGetProperty("jobs", out var jobs) ? jobs.EnumerateArray() : [];

    protected static List<JsonElement> Lines(string stdout)
        => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    /// <summary>PostgreSQL's percentile_cont: linear interpolation between the sorted values.</summary>
    protected static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var position = p * (sorted.Count - 1);
        var lo = (int)Math.Floor(position);
        var hi = (int)Math.Ceiling(position);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
    }

    protected static DateTimeOffset Time(object? value) => value switch
    {
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        DateTimeOffset o => o,
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => throw new InvalidOperationException($"not a time: {value}"),
    };
}
