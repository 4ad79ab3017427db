namespace Jobs.Cli.Demo;

/// <summary>The demo's arguments: whose report, for which year.</summary>
internal sealed record ReportRequest(string Customer, int Year);

/// <summary>The demo's result: a customer's yearly sales report.</summary>
internal sealed record Report(string Customer, int Year, int Orders, decimal Revenue, decimal AverageOrder, QuarterTotal[] Quarters, string GeneratedBy);

/// <summary>One quarter of a <see cref="Report"/>.</summary>
internal sealed record QuarterTotal(int Quarter, int Orders, decimal Revenue);

/// <summary>
/// <c>reports.generate</c>: builds a small report. The figures are computed from the arguments (the same request always
/// gives the same report); a few milliseconds of awaited delay stand in for the database and HTTP calls of a real one.
/// </summary>
internal static class ReportTask
{
    public const string Name = "reports.generate";

    private static readonly string[] Customers = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne"];

    /// <summary>The <paramref name="i"/>-th demo request.</summary>
    public static ReportRequest Request(int i) => new(Customers[i % Customers.Length], 2016 + i / Customers.Length % 10);

    public static async Task<Report> RunAsync(ReportRequest request, JobContext context)
    {
        var random = new Random(StableHash($"{request.Customer}/{request.Year}"));
        await Task.Delay(TimeSpan.FromMilliseconds(2 + random.Next(4)), context.CancellationToken).ConfigureAwait(false);
        var quarters = Enumerable.Range(1, 4).Select(q =>
        {
            var orders = random.Next(20, 180);
            return new QuarterTotal(q, orders, Math.Round(orders * (decimal)(20 + random.NextDouble() * 180), 2));
        }).ToArray();
        var count = quarters.Sum(q => q.Orders);
        var revenue = quarters.Sum(q => q.Revenue);
        return new Report(request.Customer, request.Year, count, revenue, Math.Round(revenue / count, 2), quarters, context.Worker);
    }

    // string.GetHashCode differs per process; FNV-1a does not.
    private static int StableHash(string s)
    {
        var hash = 2166136261u;
        foreach (var c in s) hash = (hash ^ c) * 16777619u;
        return (int)(hash & 0x7fffffff);
    }
}
