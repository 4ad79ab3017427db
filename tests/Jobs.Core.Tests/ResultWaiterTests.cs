using Xunit;

namespace Jobs.Core.Tests;

/// <summary>Waiting for a result: the timeout bounds a hanging store call; transient store errors are waited out.</summary>
public sealed class ResultWaiterTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(40);
    private readonly FakeStore _store = new();
    private readonly Guid _id = Guid.CreateVersion7();
    private int _calls;

    private ResultWaiter Waiter() => new(_store, new JobsOptions());

    /// <summary>Fails (rather than hangs) when <paramref name="task"/> does not end within the guard time.</summary>
    private static async Task<T> Within<T>(Task<T> task)
    {
        if (await Task.WhenAny(task, Task.Delay(Guard)) != task) Assert.Fail($"The wait did not end within {Guard}.");
        return await task;
    }

    private JobInfo Finished() => new() { Id = _id, Task = "t", Queue = "default", State = JobState.Success, Args = "{}", Result = "1" };

    [Fact]
    public async Task The_timeout_bounds_a_store_call_that_hangs()
    {
        _store.Get = async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return []; };
        await Assert.ThrowsAsync<TimeoutException>(() => Within(Waiter().WaitAsync(_id, TimeSpan.FromMilliseconds(200), default)));
    }

    [Fact]
    public async Task Transient_store_errors_are_retried_until_the_job_is_read()
    {
        _store.Get = (_, _) => Interlocked.Increment(ref _calls) <= 2
            ? throw new IOException("connection reset")
            : Task.FromResult<IReadOnlyList<JobInfo>>([Finished()]);
        var job = await Within(Waiter().WaitAsync(_id, TimeSpan.FromSeconds(30), default));
        Assert.Equal(JobState.Success, job.State);
        Assert.Equal(3, _calls);
    }

    [Fact]
    public async Task Transient_errors_until_the_deadline_end_in_a_timeout_that_carries_the_last_error()
    {
        _store.Get = (_, _) => throw new IOException("connection refused");
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => Within(Waiter().WaitAsync(_id, TimeSpan.FromMilliseconds(500), default)));
        Assert.IsType<IOException>(ex.InnerException);
        Assert.Contains("connection refused", ex.Message);
    }

    [Fact]
    public async Task Jobs_own_errors_such_as_missing_tables_are_thrown_at_once()
    {
        _store.Get = (_, _) => { Interlocked.Increment(ref _calls); throw new JobsException("The Jobs tables are missing"); };
        await Assert.ThrowsAsync<JobsException>(() => Within(Waiter().WaitAsync(_id, TimeSpan.FromSeconds(30), default)));
        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task The_caller_cancelling_is_not_reported_as_a_timeout()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        _store.Get = async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return []; };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(Waiter().WaitAsync(_id, TimeSpan.FromSeconds(30), cts.Token)));
    }
}
