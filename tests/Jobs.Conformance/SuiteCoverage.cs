using System.Reflection;
using Xunit;

namespace Jobs.Conformance;

/// <summary>
/// Keeps a store's test project from drifting behind the suite: every abstract <c>*Conformance</c> class of this
/// assembly must have a public concrete subclass in the store's test assembly (the one-line registrations such as
/// <c>public sealed class PostgresClaimTests : ClaimConformance</c>), or its tests silently never run on that store.
/// Each store's test project derives one class from this.
/// </summary>
public abstract class SuiteCoverage
{
    /// <summary>The suites every store runs: the abstract classes named <c>*Conformance</c> in <paramref name="assembly"/>.</summary>
    public static IReadOnlyList<Type> Suites(Assembly assembly) =>
        [.. assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: true } && t.Name.EndsWith("Conformance", StringComparison.Ordinal)).OrderBy(t => t.Name)];

    /// <summary>The suites of <paramref name="suites"/> that no public concrete class in <paramref name="runner"/> derives from.</summary>
    public static IReadOnlyList<Type> NotRunBy(IReadOnlyList<Type> suites, Assembly runner)
    {
        var concrete = runner.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true, ContainsGenericParameters: false }).ToList();
        return [.. suites.Where(suite => !concrete.Any(suite.IsAssignableFrom))];
    }

    [Fact]
    public void Every_conformance_suite_runs_on_this_store()
    {
        var suites = Suites(typeof(ConformanceBase).Assembly);
        Assert.True(suites.Count >= 20, $"found only {suites.Count} conformance suites: {string.Join(", ", suites.Select(s => s.Name))}");
        var runner = GetType().Assembly;
        var missing = NotRunBy(suites, runner);
        Assert.True(missing.Count == 0,
            $"{runner.GetName().Name} runs no subclass of {string.Join(", ", missing.Select(m => m.Name))}: register each with a " +
            "public sealed class deriving from it, like the store's other conformance classes.");
    }
}
