using System.Threading.Channels;
using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

/// <summary>
/// Writes outcomes in batches by group commit: while one write is in flight, outcomes accumulate, and the
/// next write takes all of them (up to <see cref="MaxBatch"/>). Idle, an outcome is written at once; under load,
/// round trips per job fall well below one. <see cref="OutcomeWriter"/> isolates outcomes the database refuses;
/// while the database is down, the batch is retried with backoff until it lands or the worker gives up.
/// Every settled outcome is reported to <c>settled</c>.
/// </summary>
internal sealed class BatchCompleter(IJobStore store, string worker, TimeSpan lease, TimeProvider time, ILogger log, Action<CompletionReport> settled)
{
    public const int MaxBatch = 1000;
    private readonly Channel<JobOutcome> _queue = Channel.CreateUnbounded<JobOutcome>(new() { SingleReader = true });
    private readonly OutcomeWriter _writer = new(store, worker, new OwnershipProbe(store, worker, lease), log);
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
                TopUp(batch);
                while (batch.Count > 0)
                {
                    var report = await _writer.WriteAsync(batch, giveUp).ConfigureAwait(false);
                    LogRejected(report.Rejected);
                    settled(report);
                    batch.Clear();
                    batch.AddRange(report.Unsettled);
                    if (batch.Count == 0) { backoff.Reset(); break; }
                    await backoff.DelayAsync(giveUp).ConfigureAwait(false);
                    TopUp(batch);
                }
            }
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            _queue.Writer.TryComplete();
            var left = batch.Count;
            while (_queue.Reader.TryRead(out _)) left++; // a SingleReader channel cannot Count
            if (left > 0)
                log.LogWarning("Worker {Worker} stopped with {Count} job outcomes unwritten; those jobs will be rescued when their leases expire.", worker, left);
        }
    }

    private void TopUp(List<JobOutcome> batch)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var o)) batch.Add(o);
    }

    private void LogRejected(IReadOnlyList<JobOutcome> rejected)
    {
        foreach (var o in rejected)
            log.LogWarning("Outcome {Kind} of job {Id} attempt {Attempt} was not recorded: worker {Worker} no longer owns it (its lease expired and it was rescued, or it was revoked).", o.Kind, o.Id, o.Attempt, worker);
    }
}
