using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Worker;

/// <summary>
/// What one attempt owns: its DI scope, its soft time limit timer, and the job token (worker token or soft limit).
/// An attempt abandoned at its hard limit keeps these until its code finally returns.
/// </summary>
internal sealed class AttemptScope : IAsyncDisposable
{
    private readonly CancellationTokenSource? _soft;
    private readonly CancellationTokenSource _job;

    public AttemptScope(AsyncServiceScope scope, TimeSpan? softLimit, TimeProvider time, CancellationToken workerToken)
    {
        Scope = scope;
        _soft = softLimit is { } s ? new CancellationTokenSource(s, time) : null;
        _job = CancellationTokenSource.CreateLinkedTokenSource(workerToken, _soft?.Token ?? CancellationToken.None);
    }

    public AsyncServiceScope Scope { get; }
    /// <summary>The token the job sees.</summary>
    public CancellationToken Token => _job.Token;
    /// <summary>Cancelled when the soft time limit passes (never when there is none).</summary>
    public CancellationToken SoftLimitToken => _soft?.Token ?? CancellationToken.None;

    /// <summary>Cancels the job token of an attempt the worker stopped waiting for; the job's own callbacks cannot hurt the worker.</summary>
    public void CancelAbandoned()
    {
        try { _job.Cancel(); }
        catch (AggregateException) { }
    }

    /// <summary>Disposes everything once <paramref name="run"/> ends (whenever that is), observing its exception.</summary>
    public void DisposeAfter(Task run) => run.ContinueWith(
        static async (t, state) => { _ = t.Exception; await ((AttemptScope)state!).DisposeAsync().ConfigureAwait(false); },
        this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    public async ValueTask DisposeAsync()
    {
        try { await Scope.DisposeAsync().ConfigureAwait(false); }
        finally
        {
            _job.Dispose();
            _soft?.Dispose();
        }
    }
}
