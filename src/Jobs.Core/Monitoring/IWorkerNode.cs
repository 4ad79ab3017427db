namespace Jobs.Monitoring;

/// <summary>
/// A worker as monitoring and remote control see it: a <see cref="Worker.JobWorker"/>, or the console's process-pool
/// supervisor standing for its children. What <see cref="WorkerRegistry"/> registers and <see cref="ControlHandler"/> asks.
/// </summary>
internal interface IWorkerNode
{
    string Name { get; }
    IReadOnlyList<string> Queues { get; }
    /// <summary>async, threads, solo or process.</summary>
    string Pool { get; }
    /// <summary>Jobs run at once now.</summary>
    int Concurrency { get; }
    int PrefetchMultiplier { get; }
    TimeSpan Uptime { get; }
    bool SendsEvents { get; }
    (long Succeeded, long Failed, long Retried) Outcomes { get; }
    IEnumerable<string> TaskNames { get; }

    /// <summary>Attempts running now.</summary>
    Task<IReadOnlyList<RunningAttempt>> ActiveAsync(CancellationToken ct);
    /// <summary>Attempts claimed and waiting for a slot.</summary>
    IReadOnlyList<RunningAttempt> Reserved { get; }

    /// <summary>Adds slots; returns the new concurrency (throws InvalidOperationException when the pool cannot).</summary>
    int Grow(int n);
    /// <summary>Removes slots (never below one); returns the new concurrency.</summary>
    int Shrink(int n);
    /// <summary>Starts consuming a queue; false when it already did.</summary>
    bool AddQueue(string queue);
    /// <summary>Stops consuming a queue; false when it did not (throws when it is the only one).</summary>
    bool CancelQueue(string queue);
    /// <summary>Cancels (with <paramref name="terminate"/>: kills, where the pool can) the held attempts of revoked jobs; returns their ids.</summary>
    IReadOnlyList<Guid> CancelRevoked(IReadOnlyCollection<Guid> ids, bool terminate);
    /// <summary>A limit changed: look at limited work again now.</summary>
    void RecheckLimits();
    /// <summary>Stops the worker gracefully (when no host lifetime can be stopped instead).</summary>
    Task StopAsync(CancellationToken ct);
}

/// <summary>An attempt a worker holds (inspect active and reserved).</summary>
internal sealed record RunningAttempt(Guid Id, string Task, string Queue, int Attempt, string ArgsJson, DateTimeOffset? StartedAt);
