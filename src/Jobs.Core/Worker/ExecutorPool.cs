using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

/// <summary>
/// The executors of a worker: one task per slot, each taking attempts from the worker's buffer and running them one
/// at a time. Pool-grow adds executors (keeping first those about to retire); pool-shrink retires executors as they
/// next look at the buffer, before they take a job, so at most <see cref="Slots"/> run from then on and none is cut
/// short. Neither is possible once the worker began stopping (<c>stopping</c>); the solo pool cannot grow.
/// </summary>
internal sealed class ExecutorPool(int slots, bool solo, ChannelReader<HeldAttempt> buffer, Func<HeldAttempt, Task> run,
    CancellationToken stopping, string worker, ILogger log)
{
    private readonly Lock _gate = new();
    private readonly List<Task> _executors = [];
    private volatile int _slots = slots;
    private int _retire;

    /// <summary>Jobs run at once now.</summary>
    public int Slots => _slots;

    public void Start()
    {
        lock (_gate)
            for (var i = 0; i < _slots; i++) _executors.Add(Task.Run(ExecuteAsync));
    }

    /// <summary>Every executor started so far, ended (they end when the buffer is completed and empty, or when retired).</summary>
    public Task Completion
    {
        get { lock (_gate) return Task.WhenAll(_executors); }
    }

    /// <summary>Adds <paramref name="n"/> slots; returns the new number.</summary>
    public int Grow(int n)
    {
        if (solo) throw new InvalidOperationException("the solo pool runs one job at a time; it cannot grow");
        lock (_gate)
        {
            if (stopping.IsCancellationRequested) throw new InvalidOperationException("the worker is shutting down");
            _slots += n;
            // Executors about to retire stay instead; the rest are new.
            var pending = Math.Max(0, Interlocked.Exchange(ref _retire, 0));
            var kept = Math.Min(n, pending);
            if (pending > kept) Interlocked.Add(ref _retire, pending - kept);
            for (var i = kept; i < n; i++) _executors.Add(Task.Run(ExecuteAsync));
            log.LogInformation("Worker {Worker}: pool grown by {N} to {Concurrency}.", worker, n, _slots);
            return _slots;
        }
    }

    /// <summary>Removes <paramref name="n"/> slots (never below one); returns the new number.</summary>
    public int Shrink(int n)
    {
        lock (_gate)
        {
            var by = Math.Min(n, _slots - 1);
            if (by <= 0) throw new InvalidOperationException($"the pool has {_slots} slot(s); it cannot shrink below one");
            _slots -= by;
            Interlocked.Add(ref _retire, by);
            log.LogInformation("Worker {Worker}: pool shrunk by {N} to {Concurrency}.", worker, by, _slots);
            return _slots;
        }
    }

    private async Task ExecuteAsync()
    {
        while (await buffer.WaitToReadAsync().ConfigureAwait(false))
        {
            if (TryRetire()) return;
            if (buffer.TryRead(out var attempt)) await run(attempt).ConfigureAwait(false);
        }
    }

    private bool TryRetire()
    {
        while (true)
        {
            var r = Volatile.Read(ref _retire);
            if (r <= 0) return false;
            if (Interlocked.CompareExchange(ref _retire, r - 1, r) == r) return true;
        }
    }
}
