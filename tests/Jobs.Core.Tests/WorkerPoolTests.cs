using System.Collections.Concurrent;
using System.Text.Json;
using Jobs.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Jobs.Core.Tests;

/// <summary>The pools: where a job's code runs, and how many run at once.</summary>
public sealed class WorkerPoolTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeStore _store = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _started = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _release = new();
    private readonly ConcurrentQueue<bool> _onPoolThread = new();
    private int _running;
    private int _maxRunning;
    private JobWorker? _worker;

    private TaskCompletionSource Gate(ConcurrentDictionary<int, TaskCompletionSource> gates, int i)
        => gates.GetOrAdd(i, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task StartAsync(WorkerPool pool, int concurrency)
    {
        var jobs = new JobsOptions();
        jobs.AddTask<JsonElement, int>("where", (_, _) =>
        {
            _onPoolThread.Enqueue(Thread.CurrentThread.IsThreadPoolThread);
            return Task.FromResult(1);
        });
        jobs.AddTask<JsonElement, int>("gated", async (args, _) =>
        {
            var i = args.GetProperty("i").GetInt32();
            var now = Interlocked.Increment(ref _running);
            InterlockedMax(ref _maxRunning, now);
            Gate(_started, i).TrySetResult();
            await Gate(_release, i).Task;
            Interlocked.Decrement(ref _running);
            return i;
        });
        var options = new WorkerOptions { Pool = pool, Concurrency = concurrency, PollInterval = TimeSpan.FromMilliseconds(10) };
        _worker = new JobWorker(_store, jobs, options, new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);
        await _worker.StartAsync(default);
    }

    private static Storage.ClaimedJob Gated(int i) => FakeStore.Job("gated") with { ArgsJson = $$"""{"i":{{i}}}""" };

    [Theory]
    [InlineData(WorkerPool.Threads, false)]
    [InlineData(WorkerPool.Async, true)]
    public async Task The_threads_pool_starts_each_job_on_a_thread_of_its_own(WorkerPool pool, bool expectPoolThread)
    {
        await StartAsync(pool, concurrency: 2);
        var ids = Enumerable.Range(0, 4).Select(_ => FakeStore.Job("where")).ToList();
        _store.Claims.Enqueue(ids);
        await WaitForOutcomesAsync(ids.Select(j => j.Id));
        Assert.Equal(4, _onPoolThread.Count);
        Assert.All(_onPoolThread, onPool => Assert.Equal(expectPoolThread, onPool));
    }

    [Fact]
    public async Task The_solo_pool_runs_one_job_at_a_time_whatever_the_concurrency()
    {
        await StartAsync(WorkerPool.Solo, concurrency: 4);
        var jobs = Enumerable.Range(1, 3).Select(i => Gated(i)).ToList();
        _store.Claims.Enqueue(jobs);
        for (var i = 1; i <= 3; i++)
        {
            await Gate(_started, i).Task.WaitAsync(Wait);
            // A second job starting now would be the bug; it cannot be awaited as an event, so give it a moment.
            if (i < 3) await Task.WhenAny(Gate(_started, i + 1).Task, Task.Delay(200));
            Assert.Equal(1, Volatile.Read(ref _running));
            Gate(_release, i).TrySetResult();
        }
        await WaitForOutcomesAsync(jobs.Select(j => j.Id));
        Assert.Equal(1, _maxRunning);
    }

    [Fact]
    public async Task The_async_pool_runs_jobs_side_by_side()
    {
        await StartAsync(WorkerPool.Async, concurrency: 4);
        var jobs = Enumerable.Range(1, 3).Select(i => Gated(i)).ToList();
        _store.Claims.Enqueue(jobs);
        await Task.WhenAll(Enumerable.Range(1, 3).Select(i => Gate(_started, i).Task)).WaitAsync(Wait);
        Assert.Equal(3, Volatile.Read(ref _running));
        foreach (var i in Enumerable.Range(1, 3)) Gate(_release, i).TrySetResult();
        await WaitForOutcomesAsync(jobs.Select(j => j.Id));
    }

    [Fact]
    public void An_unknown_pool_is_rejected_with_the_names_of_the_pools()
    {
        var ex = Assert.Throws<ArgumentException>(() => new JobsOptions().AddWorker(w => w.Pool = (WorkerPool)42));
        Assert.Contains("Threads", ex.Message);
    }

    private async Task WaitForOutcomesAsync(IEnumerable<Guid> ids)
    {
        var all = ids.ToHashSet();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Finished += (_, _) => { if (all.All(_store.Stored.ContainsKey)) done.TrySetResult(); };
        if (!all.All(_store.Stored.ContainsKey)) await done.Task.WaitAsync(Wait);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var gate in _release.Values) gate.TrySetResult();
        if (_worker is not null) await _worker.StopAsync(default);
    }
}
