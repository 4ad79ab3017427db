using System.Threading.Channels;
using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Cli.Prefork;

/// <summary>
/// When the supervisor looks for running jobs revoked with terminate (<see cref="TerminateRequests"/>), whose children
/// it kills: while children run jobs, every half second, or a tenth of a second after the last look once the store
/// signals that one of them finished elsewhere (or that signals were missed). One look runs at a time, beside the
/// supervisor's loop, and posts what it found to the loop as <see cref="PoolEvent.Terminate"/>, even when empty (that
/// wakes the loop for the next look). Its state belongs to the loop: call it from the loop only.
/// </summary>
internal sealed class TerminateWatcher(TerminateRequests requests, ChannelWriter<PoolEvent> events, TimeProvider time, ILogger log)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Soon = TimeSpan.FromMilliseconds(100);
    private Task _look = Task.CompletedTask;
    private long _lastLook;
    private bool _soon;

    /// <summary>The look in progress, if any (completed otherwise).</summary>
    public Task Completion => _look;

    /// <summary>When the next look is due sooner than the loop's own tick (after a signal), as a timestamp.</summary>
    public long? SoonAt => _soon ? _lastLook + Ticks(Soon) : null;

    /// <summary>Jobs finished somewhere (empty: signals were reset, anything may have happened); a running one among them is looked up soon.</summary>
    public void OnJobsFinished(IReadOnlyList<Guid> ids, IEnumerable<ChildJob> running)
    {
        if (ids.Count == 0 || running.Any(job => ids.Contains(job.Id))) _soon = true;
    }

    /// <summary>Starts a look at <paramref name="running"/> (the attempts of children not killed yet) when one is due.</summary>
    public void LookIfDue(IEnumerable<ChildJob> running, CancellationToken giveUp)
    {
        if (!_look.IsCompleted) return;
        var attempts = running.Select(j => new HeldJob(j.Id, j.Attempt)).ToList();
        if (attempts.Count == 0)
        {
            _soon = false;
            return;
        }
        if (time.GetElapsedTime(_lastLook) < (_soon ? Soon : Interval)) return;
        _soon = false;
        _lastLook = time.GetTimestamp();
        _look = Task.Run(async () =>
        {
            try
            {
                var found = await requests.FindAsync(attempts, giveUp).ConfigureAwait(false);
                events.TryWrite(new PoolEvent.Terminate(found));
            }
            catch (Exception ex) when (!giveUp.IsCancellationRequested)
            {
                log.LogDebug(ex, "Checking for jobs revoked with terminate failed; checking again soon.");
            }
        });
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
