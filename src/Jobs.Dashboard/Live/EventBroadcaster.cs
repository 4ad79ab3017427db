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

    /// <summary>A stream of messages until <paramref name="cancellationToken"/> fires (the viewer went away).</summary>
    public async IAsyncEnumerable<LiveMessage> ListenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<LiveMessage>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _listeners.Add(channel);
            if (_running is null) Start();
        }
        try
        {
            while (true)
            {
                LiveMessage message;
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) yield break;
                    if (!channel.Reader.TryRead(out message!)) continue;
                }
                catch (OperationCanceledException) { yield break; }
                yield return message;
            }
        }
        finally
        {
            lock (_gate)
            {
                _listeners.Remove(channel);
                if (_listeners.Count == 0) { _running?.Cancel(); _running = null; }
            }
        }
    }

    private void Start()
    {
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        var running = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running = running;
        if (services.GetService<JobControl>() is { } control) _ = Task.Run(() => FollowAsync(control, running.Token));
        _ = Task.Run(() => WatchCountsAsync(running.Token));
    }

    private async Task FollowAsync(JobControl control, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in control.FollowEventsAsync(cancellationToken: ct).ConfigureAwait(false))
                    Send(new LiveMessage("job", JsonSerializer.Serialize(LiveEvent.From(e), LiveEvent.Json)));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Following the events table failed; trying again in 5 seconds.");
                try { await Task.Delay(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task WatchCountsAsync(CancellationToken ct)
    {
        string? last = null;
        using var timer = new PeriodicTimer(CountsEvery);
        do
        {
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
