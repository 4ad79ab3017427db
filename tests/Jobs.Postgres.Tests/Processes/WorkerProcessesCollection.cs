using Xunit;

namespace Jobs.Postgres.Tests.Processes;

/// <summary>
/// The tests that drain jobs with Jobs.TestWorker OS processes. Each such test holds up to about 50 server connections
/// (two processes of four workers, each with the store's data sources, a side-effect pool and LISTEN connections, plus
/// the test's own client), while an in-process test holds about 20 at most: run beside each other or beside other
/// tests, they would take a default server's 100 connections. So they run one at a time, with no other test beside
/// them (they are CPU-bound too, and on two cores would only slow each other down).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkerProcessesCollection
{
    public const string Name = "Worker processes";
}
