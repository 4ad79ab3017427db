using Jobs.Postgres.Tests.Processes;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("Jobs.Postgres.Tests.LongestFirst", "Jobs.Postgres.Tests")]

namespace Jobs.Postgres.Tests;

/// <summary>
/// Starts the long collections first: the worker-process drains (about half a minute one after another) and the
/// database-fault test. xunit runs two collections at a time, so begun last (as the default order happened to
/// place them) they left one thread idle for the run's last tens of seconds; begun first, the short tests fill the
/// other thread meanwhile. The other collections keep xunit's default order.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        new DefaultTestCollectionOrderer().OrderTestCollections(testCollections).OrderBy(c => IsLong(c) ? 0 : 1);

    private static bool IsLong(ITestCollection collection) =>
        collection.DisplayName == WorkerProcessesCollection.Name
        || collection.DisplayName.Contains(typeof(DatabaseFaultTests).FullName!, StringComparison.Ordinal);
}
