using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>
/// Keeps the console suites from drifting behind the stores: every abstract <c>*Conformance</c> class here (the
/// console, limits, monitoring, watching, unique and process pool suites) must have a public concrete subclass for
/// every store the console tests run on. The stores are the <see cref="CliDatabase"/> kinds (PostgresCliDatabase →
/// <c>Postgres…</c>), and a suite's subclass for a store is named after it, as the registrations are.
/// </summary>
public sealed class CliSuiteCoverageTests
{
    private static readonly Type[] Types = typeof(CliSuiteCoverageTests).Assembly.GetTypes();

    [Fact]
    public void Every_console_suite_runs_on_every_store()
    {
        var stores = Types.Where(t => t is { IsClass: true, IsAbstract: false } && t.IsSubclassOf(typeof(CliDatabase)))
            .Select(t => t.Name[..^nameof(CliDatabase).Length]).Order().ToList();
        Assert.Equal(["Postgres", "Sqlite"], stores);
        var suites = Types.Where(t => t is { IsClass: true, IsAbstract: true } && t.Name.EndsWith("Conformance", StringComparison.Ordinal)).ToList();
        Assert.True(suites.Count >= 6, $"found only {suites.Count} console suites: {string.Join(", ", suites.Select(s => s.Name))}");

        var concrete = Types.Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true }).ToList();
        var missing = (from suite in suites
                       from store in stores
                       where !concrete.Any(t => suite.IsAssignableFrom(t) && t.Name.StartsWith(store, StringComparison.Ordinal))
                       select $"{suite.Name} on {store}").ToList();
        Assert.True(missing.Count == 0,
            $"no subclass runs {string.Join(", ", missing)}: register each as a public sealed class named after the store " +
            "(e.g. PostgresCliTests : CliConformance) whose CreateDatabaseAsync returns that store's CliDatabase.");
    }
}
