using Jobs.Monitoring;
using Jobs.Storage;

namespace Jobs.Cli.Prefork;

/// <summary>
/// The process pool as one worker for monitoring and remote control (Celery's prefork node): the supervisor registers
/// under the pool's name and answers for its children, which neither register nor answer themselves. Running jobs are
/// the children's current attempts (their task, queue and arguments read from the job table); pool-grow and
/// pool-shrink start or stop children; add-consumer and cancel-consumer replace the children (gracefully) with ones
/// consuming the new queues; revoke with terminate kills the child running the job.
/// </summary>
internal sealed class SupervisorNode(PoolSettings settings, PoolSupervisor pool, ChildLauncher launcher, IJobStore store, IEnumerable<string> tasks,
    TimeProvider time) : IWorkerNode
{
    public string Name => settings.Name;
    public IReadOnlyList<string> Queues => launcher.Queues;
    public string Pool => "process";
    public int Concurrency => pool.Concurrency;
    public int PrefetchMultiplier => 1;
    public TimeSpan Uptime => time.GetElapsedTime(pool.Started);
    public bool SendsEvents => settings.SendEvents;
    public (long Succeeded, long Failed, long Retried) Outcomes => pool.Outcomes;
    public IEnumerable<string> TaskNames => tasks;
    public IReadOnlyList<RunningAttempt> Reserved => []; // a child claims one job at a time, when it is free

    public async Task<IReadOnlyList<RunningAttempt>> ActiveAsync(CancellationToken ct)
    {
        var running = pool.Running;
        if (running.Count == 0) return [];
        var jobs = (await store.GetJobsAsync(running.Select(r => r.Id).Distinct().ToList(), ct).ConfigureAwait(false)).ToDictionary(j => j.Id);
        var now = time.GetUtcNow();
        return running.Where(r => jobs.ContainsKey(r.Id)).Select(r =>
        {
            var job = jobs[r.Id];
            return new RunningAttempt(r.Id, job.Task, job.Queue, r.Attempt, job.Args, now - time.GetElapsedTime(r.StartedAt));
        }).ToList();
    }

    public int Grow(int n) => pool.RequestResize(n);

    public int Shrink(int n) => pool.RequestResize(-n);

    public bool AddQueue(string queue) => ChangeQueues(queue, add: true);

    public bool CancelQueue(string queue) => ChangeQueues(queue, add: false);

    private bool ChangeQueues(string queue, bool add)
    {
        if (!launcher.ChangeQueues(queue, add)) return false;
        pool.QueuesChanged();
        return true;
    }

    public IReadOnlyList<Guid> CancelRevoked(IReadOnlyCollection<Guid> ids, bool terminate)
    {
        var hit = pool.Running.Where(r => ids.Contains(r.Id)).ToList();
        // Without terminate the child's own worker cancels the attempt (the store tells it the job was revoked).
        if (terminate && hit.Count > 0) pool.TerminateNow(hit.Select(r => new HeldJob(r.Id, r.Attempt)).ToList());
        return hit.Select(r => r.Id).Distinct().ToList();
    }

    public void RecheckLimits() { } // each child looks at limited work again within a second on its own

    public Task StopAsync(CancellationToken ct)
    {
        pool.RequestStop();
        return Task.CompletedTask;
    }
}
