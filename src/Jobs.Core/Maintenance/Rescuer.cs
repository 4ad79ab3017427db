using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Maintenance;

/// <summary>Returns jobs whose lease expired (their worker died) to the queue, or fails them once attempts are spent. The store lets one rescuer run at a time.</summary>
internal sealed class Rescuer(IJobStore store, JobsOptions options, ILogger<Rescuer> log)
    : MaintenanceService(options.Maintenance.RescueInterval, options.TimeProvider, log)
{
    protected override string Name => "Rescued expired leases";

    protected internal override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        int total = 0, n;
        do total += n = await store.RescueAsync(options.Maintenance.BatchSize, ct).ConfigureAwait(false);
        while (n == options.Maintenance.BatchSize);
        return total;
    }
}
