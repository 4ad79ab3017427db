namespace Jobs;

/// <summary>One worker: which queues it consumes and how many jobs it runs at once.</summary>
public sealed class WorkerOptions
{
    /// <summary>Queues to consume. Default: <c>["default"]</c>.</summary>
    public IReadOnlyList<string> Queues { get; set; } = ["default"];
    /// <summary>How jobs run: <see cref="WorkerPool.Async"/> (default), <see cref="WorkerPool.Threads"/> or <see cref="WorkerPool.Solo"/>.</summary>
    public WorkerPool Pool { get; set; } = WorkerPool.Async;
    /// <summary>Jobs run at once (one for the <see cref="WorkerPool.Solo"/> pool). Default 10.</summary>
    public int Concurrency { get; set; } = 10;
    /// <summary>Jobs claimed ahead of free slots, as a multiple of <see cref="Concurrency"/> (Celery's prefetch multiplier). Default 2.</summary>
    public int PrefetchMultiplier { get; set; } = 2;
    /// <summary>A claimed job's lease (visibility timeout); renewed while it runs. Default 30 seconds.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>On shutdown, how long running jobs may take to finish before they are cancelled and released. Default 20 seconds.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(20);
    /// <summary>Idle poll interval when no wake-up arrives; default from the store (a safety net where it pushes wake-ups).</summary>
    public TimeSpan? PollInterval { get; set; }
    /// <summary>Apply random jitter to retry delays (Celery's retry_jitter). Default true.</summary>
    public bool RetryJitter { get; set; } = true;
    /// <summary>Soft time limit of jobs whose job and task set none: the job's cancellation token fires and <see cref="JobContext.SoftTimeLimitExceeded"/> is true.</summary>
    public TimeSpan? SoftTimeLimit { get; set; }
    /// <summary>Hard time limit of jobs whose job and task set none: the attempt ends as FAILURE ("TimeLimitExceeded") and its slot is freed.</summary>
    public TimeSpan? TimeLimit { get; set; }
    /// <summary>Store this worker's task and worker events in the events table (Celery's <c>worker -E</c>), for <c>jobs events</c> and <c>jobs top</c>. Default false.</summary>
    public bool SendEvents { get; set; }
    /// <summary>Worker name; default host/pid/random. Must be unique among running workers.</summary>
    public string? Name { get; set; }

    /// <summary>Told when each attempt starts and ends (the console's process pool); null: nobody.</summary>
    internal Worker.IAttemptObserver? AttemptObserver { get; set; }

    /// <summary>Jobs run at once, as the pool allows.</summary>
    internal int Slots => Pool == WorkerPool.Solo ? 1 : Concurrency;

    internal TimeLimits Limits => new(SoftTimeLimit, TimeLimit);

    internal int MaxReserved => Slots * Math.Max(1, PrefetchMultiplier);

    internal void Validate()
    {
        if (Queues is null || Queues.Count == 0) throw new ArgumentException("A worker needs at least one queue.");
        foreach (var queue in Queues) JobNames.ValidateQueue(queue, nameof(Queues));
        if (!Enum.IsDefined(Pool)) throw new ArgumentException($"Unknown pool {Pool}; the pools are {string.Join(", ", Enum.GetNames<WorkerPool>())}.");
        if (Concurrency < 1) throw new ArgumentException($"Concurrency must be at least 1 (was {Concurrency}).");
        TimeLimits.Validate(SoftTimeLimit, TimeLimit, $"worker '{Name ?? string.Join(",", Queues)}'");
        if (Lease < TimeSpan.FromSeconds(1)) throw new ArgumentException($"Lease must be at least 1 second (was {Lease}).");
    }
}
