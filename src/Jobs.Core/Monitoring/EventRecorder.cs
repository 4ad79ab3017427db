using System.Threading.Channels;
using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Monitoring;

/// <summary>
/// Writes events to the events table in batches (one statement per batch, every 50 ms at most) from a bounded buffer:
/// when the database falls behind, the oldest unwritten events are dropped (and counted in a warning) rather than
/// slowing the jobs down. Disposing writes what is buffered (a console enqueue that exits at once still stores its
/// task-sent event).
/// </summary>
internal sealed class EventRecorder : IAsyncDisposable, IDisposable
{
    private const int Capacity = 100_000;
    private const int BatchSize = 1_000;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(50);

    private readonly IMonitorStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Channel<JobEvent> _buffer;
    private readonly Lock _gate = new();
    private Task? _loop;
    private long _droppedTotal;
    private long _droppedReported;

    public EventRecorder(IMonitorStore store, TimeProvider time, ILogger log)
    {
        _store = store;
        _time = time;
        _log = log;
        _buffer = Channel.CreateBounded<JobEvent>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => { Interlocked.Increment(ref _droppedTotal); Interlocked.Decrement(ref _pending); });
    }

    private long _pending;

    public void Add(JobEvent e)
    {
        Interlocked.Increment(ref _pending);
        if (!_buffer.Writer.TryWrite(e)) { Interlocked.Decrement(ref _pending); return; }
        if (_loop is null) lock (_gate) _loop ??= Task.Run(WriteLoopAsync);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<JobEvent>(BatchSize);
        while (await _buffer.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < BatchSize && _buffer.Reader.TryRead(out var e)) batch.Add(e);
            await WriteAsync(batch).ConfigureAwait(false);
            Interlocked.Add(ref _pending, -batch.Count);
            batch.Clear();
            if (!_buffer.Reader.Completion.IsCompleted)
                try { await Task.Delay(Pace, _time).ConfigureAwait(false); } catch (ObjectDisposedException) { }
        }
    }

    private async Task WriteAsync(List<JobEvent> batch)
    {
        var dropped = Interlocked.Read(ref _droppedTotal);
        if (dropped != _droppedReported)
        {
            _log.LogWarning("The events table fell behind: {Count} events were dropped.", dropped - _droppedReported);
            _droppedReported = dropped;
        }
        for (var tries = 1; ; tries++)
        {
            try
            {
                await _store.InsertEventsAsync(batch, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (tries < 3)
            {
                _log.LogWarning(ex, "Storing {Count} events failed; retrying.", batch.Count);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * tries), _time).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _log.LogError(ex, "Storing {Count} events failed three times; they are dropped.", batch.Count);
                return;
            }
        }
    }

    /// <summary>Waits (at most 5 seconds) until the events added so far are written.</summary>
    public async Task FlushAsync()
    {
        var until = _time.GetTimestamp() + 5 * _time.TimestampFrequency;
        while (Interlocked.Read(ref _pending) > 0 && _time.GetTimestamp() < until)
            await Task.Delay(TimeSpan.FromMilliseconds(10), _time).ConfigureAwait(false);
    }

    /// <summary>Writes what is buffered, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _buffer.Writer.TryComplete();
        Task? loop;
        lock (_gate) loop = _loop;
        if (loop is not null) await loop.ConfigureAwait(false);
    }

    /// <summary>Synchronous disposal (a service provider disposed with <c>using</c>): the same, waited for.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
