using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Maintenance;

/// <summary>Deletes finished jobs once their result TTL has passed, so the table does not bloat.</summary>
internal sealed class Pruner(IJobStore store, JobsOptions options, ILogger<Pruner> log)
    : MaintenanceService(options.Maintenance.PruneInterval, options.TimeProvider, log)
{
    protected override string Name => "Pruned finished jobs past their result TTL";

    protected internal override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        int total = 0, n;
        do total += n = await store.PruneAsync(options.ResultTtl, options.Maintenance.BatchSize, ct).ConfigureAwait(false);
        while (n == options.Maintenance.BatchSize);
        return total;
    }
}
