using Microsoft.Extensions.Logging;

namespace Jobs.Cli.Prefork;

/// <summary>
/// A process pool's worker settings, as <c>jobs worker</c> parsed them. The supervisor passes them on to every child;
/// a child's <see cref="Name"/> is its worker name's prefix (<c>NAME/child-K</c>), to which it adds its pid.
/// </summary>
internal sealed record PoolSettings(
    string Name,
    IReadOnlyList<string> Queues,
    int Concurrency,
    IReadOnlyList<string> Assemblies,
    LogLevel LogLevel,
    TimeSpan? SoftTimeLimit,
    TimeSpan? TimeLimit,
    long? MaxTasksPerChild,
    long? MaxMemoryPerChildMb,
    bool Beat,
    bool SendEvents = false,
    Jobs.Cli.Keys.KeySettings? PayloadKeys = null)
{
    /// <summary>The payload keys and switches (signing, verification, encryption) every child gets.</summary>
    public Jobs.Cli.Keys.KeySettings Keys => PayloadKeys ?? Jobs.Cli.Keys.KeySettings.None;

    /// <summary>How long a child's running jobs may take to finish when it stops (the worker's default grace period).</summary>
    public static TimeSpan ChildGracePeriod => new WorkerOptions().ShutdownGracePeriod;
}
