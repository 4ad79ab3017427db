using Jobs.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Beat;

/// <summary>
/// The beat: upserts the declared schedules, then fires due schedules (the store claims each slot under a row lock,
/// so any number of beats fire every slot once), sleeping until the next is due, at most the poll interval.
/// </summary>
internal sealed class BeatService(IScheduleStore store, JobsOptions options, BeatOptions beat, ILogger<BeatService> log) : BackgroundService
{
    private static readonly TimeSpan MinSleep = TimeSpan.FromMilliseconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await RetryAsync(DeclareAsync, "Declaring schedules", stoppingToken).ConfigureAwait(false)) return;
        var request = new BeatRequest(beat.BatchSize, checked(options.DefaultMaxRetries + 1),
            (int)Math.Min(int.MaxValue, options.DefaultRetryBackoff.TotalMilliseconds),
            (int)Math.Min(int.MaxValue, options.DefaultRetryBackoffMax.TotalMilliseconds), options.MaxPayloadBytes,
            new Jobs.Payloads.PayloadEnvelope(options.Payloads).Seal);
        while (!stoppingToken.IsCancellationRequested)
        {
            var sleep = beat.PollInterval;
            try
            {
                var round = await store.FireDueSchedulesAsync(request, stoppingToken).ConfigureAwait(false);
                if (round.Fired > 0) log.LogDebug("Beat fired {Count} schedules.", round.Fired);
                foreach (var refused in round.Refused ?? []) log.LogWarning("{Refusal}", refused);
                if (round.Fired == request.Limit) continue;
                if (round.NextDueIn is { } due && due < sleep) sleep = due < MinSleep ? MinSleep : due;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex) { log.LogWarning(ex, "Beat round failed; will try again."); }
            try { await Task.Delay(sleep, options.TimeProvider, stoppingToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
    }

    private async Task DeclareAsync(CancellationToken ct)
    {
        if (options.Schedules.Count == 0) return;
        var serializer = new JobSerializer(options.Json);
        // In name order, so beats declaring the same schedules at once lock rows in one order (no deadlock).
        var definitions = options.Schedules.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => s.ToDefinition(options, serializer)).ToList();
        var changed = await store.UpsertSchedulesAsync(definitions, ct).ConfigureAwait(false);
        log.LogInformation("Declared {Count} schedules ({Changed} new or changed).", definitions.Count, changed);
    }

    private async Task<bool> RetryAsync(Func<CancellationToken, Task> work, string what, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await work(ct).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception ex) { log.LogWarning(ex, "{What} failed; will try again.", what); }
            try { await Task.Delay(beat.PollInterval, options.TimeProvider, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
        return false;
    }
}
