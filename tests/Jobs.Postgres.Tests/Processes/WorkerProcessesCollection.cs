using Xunit;

namespace Jobs.Postgres.Tests.Processes;

/// <summary>
/// The tests that drain jobs with Jobs.TestWorker OS processes, run one after another. Each holds up to about 56
/// server connections (two processes of four workers, each with the store's data sources, a side-effect pool and
/// LISTEN connections, plus the test's own client); two at once, beside an in-process test (about 20), would take a
/// default server's 100. One at a time, beside one other test (xunit.runner.json), a run stays below about 76.
/// DatabaseFaultTests is not one of them: it drains on a dedicated server of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WorkerProcessesCollection
{
    public const string Name = "Worker processes";
}
