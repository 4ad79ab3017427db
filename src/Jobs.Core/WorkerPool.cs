namespace Jobs;

/// <summary>How a worker runs its jobs (Celery's <c>--pool</c>).</summary>
public enum WorkerPool
{
    /// <summary>Many concurrent jobs on the shared thread pool: for asynchronous, I/O-bound code (eventlet/gevent's role). The default.</summary>
    Async,
    /// <summary>Each job starts on a thread of its own: for blocking or CPU-bound code that would starve the shared thread pool.</summary>
    Threads,
    /// <summary>One job at a time, whatever <see cref="WorkerOptions.Concurrency"/> says.</summary>
    Solo,
}
