using System.Threading.Channels;
using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

/// <summary>
/// Writes outcomes in batches by group commit: while one write is in flight, outcomes accumulate, and the
/// next write takes all of them (up to <see cref="MaxBatch"/>). Idle, an outcome is written at once; under load,
/// round trips per job fall well below one. A failed write is retried until it lands or the worker gives up.
/// </summary>
internal sealed class BatchCompleter(IJobStore store, string worker, TimeProvider time, ILogger log, Action<IReadOnlyList<JobOutcome>> written)
{
    public const int MaxBatch = 1000;
    private readonly Channel<JobOutcome> _queue = Channel.CreateUnbounded<JobOutcome>(new() { SingleReader = true });
    private Task? _loop;

    public void Start(CancellationToken giveUp) => _loop = Task.Run(() => RunAsync(giveUp));

    public void Add(JobOutcome outcome)
    {
        if (!_queue.Writer.TryWrite(outcome))
            log.LogWarning("Outcome of job {Id} arrived after the completer stopped; the job will be rescued when its lease expires.", outcome.Id);
    }

    /// <summary>Writes everything queued, then stops.</summary>
    public Task StopAsync()
    {
        _queue.Writer.TryComplete();
        return _loop ?? Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken giveUp)
    {
        var batch = new List<JobOutcome>(MaxBatch);
        var backoff = new ErrorBackoff(time);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(giveUp).ConfigureAwait(false))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var o)) batch.Add(o);
                while (true)
                {
                    try
                    {
                        var accepted = await store.FinishAsync(worker, batch, giveUp).ConfigureAwait(false);
                        if (accepted.Count < batch.Count) LogRejected(batch, accepted);
                        backoff.Reset();
                        break;
                    }
                    catch (Exception ex) when (!giveUp.IsCancellationRequested)
                    {
                        log.LogWarning(ex, "Recording {Count} job outcomes failed; retrying.", batch.Count);
                        await backoff.DelayAsync(giveUp).ConfigureAwait(false);
                    }
                }
                written(batch.ToArray());
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            log.LogWarning("Worker {Worker} stopped with {Count} job outcomes unwritten; those jobs will be rescued when their leases expire.", worker, batch.Count + _queue.Reader.Count);
        }
    }

    private void LogRejected(List<JobOutcome> batch, IReadOnlyList<Guid> accepted)
    {
        var ok = accepted.ToHashSet();
        foreach (var o in batch.Where(o => !ok.Contains(o.Id)))
            log.LogWarning("Outcome {Kind} of job {Id} attempt {Attempt} was not recorded: worker {Worker} no longer owns it (its lease expired and it was rescued, or it was revoked).", o.Kind, o.Id, o.Attempt, worker);
    }
}
