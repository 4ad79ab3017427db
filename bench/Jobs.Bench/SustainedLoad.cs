using System.Diagnostics;

namespace Jobs.Bench;

/// <summary>
/// The S scenario's producer: for a fixed time, producers enqueue batches as fast as completions allow while the
/// backlog (enqueued − completed) stays under a window, so the figure is the highest rate the system holds without
/// its backlog growing. Completion is counted durably in the database before and after the interval.
/// </summary>
internal sealed class SustainedLoad(int window, int batch, int producers)
{
    private readonly SemaphoreSlim _room = new(window, window);
    private long _enqueued;

    /// <summary>Call once per job that completed (from the handler).</summary>
    public void Completed() => _room.Release();

    public async Task<(double PerSecond, long Completed, long Backlog, double Seconds)> RunAsync(
        TimeSpan duration, Func<int, int, Task> enqueueBatch, Func<Task<long>> durableCount, CancellationToken ct)
    {
        var before = await durableCount();
        var clock = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                for (var k = 0; k < batch; k++)
                    if (!await _room.WaitAsync(duration - clock.Elapsed > TimeSpan.Zero ? duration - clock.Elapsed : TimeSpan.Zero, ct)) return;
                var first = Interlocked.Add(ref next, batch) - batch;
                await enqueueBatch(first, batch);
                Interlocked.Add(ref _enqueued, batch);
            }
        }, ct)));
        var seconds = clock.Elapsed.TotalSeconds;
        var after = await durableCount();
        var completed = after - before;
        return (completed / seconds, completed, Interlocked.Read(ref _enqueued) - completed, seconds);
    }

    public object Settings => new { window, batch, producers };
}
