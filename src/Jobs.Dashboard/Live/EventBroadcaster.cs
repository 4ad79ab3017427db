using System.Text.Json;
using System.Threading.Channels;
using Jobs.Dashboard.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Dashboard.Live;

/// <summary>
/// Feeds every open event stream from one reader of the database, however many viewers there are: one follower of the
/// events table (woken by LISTEN/NOTIFY on PostgreSQL, polling elsewhere) and one watcher of the shared counts (so
/// pages also move when workers store no events). Runs while anyone listens.
/// </summary>
internal sealed class EventBroadcaster(IServiceProvider services, DashboardCache cache, ILogger<EventBroadcaster> log)
{
    private static readonly TimeSpan CountsEvery = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly List<Channel<LiveMessage>> _listeners = [];
    private CancellationTokenSource? _running;
    private TaskCompletionSource? _ready;

    /// <summary>
    /// A new listener. Its <see cref="Subscription.Ready"/> completes once the follower knows where the events table
    /// stands, so every event stored after that reaches it.
    /// </summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<LiveMessage>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _listeners.Add(channel);
            if (_running is null) Start();
            return new Subscription(this, channel, _ready!.Task);
        }
    }

    private void Unsubscribe(Channel<LiveMessage> channel)
    {
        lock (_gate)
        {
            _listeners.Remove(channel);
            if (_listeners.Count == 0) { _running?.Cancel(); _running = null; }
        }
    }

    /// <summary>One viewer's share of the stream; dispose it when the viewer goes.</summary>
    internal sealed class Subscription(EventBroadcaster owner, Channel<LiveMessage> channel, Task ready) : IDisposable
    {
        public Task Ready { get; } = ready;

        public IAsyncEnumerable<LiveMessage> ReadAllAsync(CancellationToken cancellationToken) => channel.Reader.ReadAllAsync(cancellationToken);

        public void Dispose() => owner.Unsubscribe(channel);
    }

    private void Start()
    {
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        var running = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running = running;
        var ready = _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (services.GetService<JobControl>() is { } control) _ = Task.Run(() => FollowAsync(control, ready, running.Token));
        else ready.TrySetResult();
        _ = Task.Run(() => WatchCountsAsync(running.Token));
    }

    private async Task FollowAsync(JobControl control, TaskCompletionSource ready, CancellationToken ct)
    {
        long? last = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                last ??= (await control.ReadNewestEventsAsync(1, ct).ConfigureAwait(false)).LastOrDefault()?.Id ?? 0;
                ready.TrySetResult();
                await foreach (var e in control.FollowEventsAfterAsync(last.Value, ct).ConfigureAwait(false))
                {
                    last = e.Id;
                    Send(new LiveMessage("job", JsonSerializer.Serialize(LiveEvent.From(e), LiveEvent.Json)));
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { ready.TrySetCanceled(ct); return; }
            catch (Exception ex)
            {
                ready.TrySetResult(); // the stream still carries count changes
                log.LogWarning(ex, "Following the events table failed; trying again in 5 seconds.");
                try { await Task.Delay(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task WatchCountsAsync(CancellationToken ct)
    {
        string? last = null;
        var ticks = 0;
        using var timer = new PeriodicTimer(CountsEvery);
        do
        {
            if (++ticks % 15 == 0) Send(new LiveMessage("ping", "{}")); // keeps proxies from closing a quiet stream
            try
            {
                var counts = await cache.Counts.GetAsync(ct).ConfigureAwait(false);
                var now = JsonSerializer.Serialize(counts);
                if (last is not null && now != last) Send(new LiveMessage("change", "{}"));
                last = now;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception ex) { log.LogDebug(ex, "Reading the counts for the live stream failed."); }
        }
        while (await Next(timer, ct).ConfigureAwait(false));
    }

    private static async Task<bool> Next(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false); }
        catch (OperationCanceledException) { return false; }
    }

    private void Send(LiveMessage message)
    {
        lock (_gate)
            foreach (var listener in _listeners) listener.Writer.TryWrite(message);
    }
}
