using Jobs.Storage;

namespace Jobs.Worker;

/// <summary>
/// Sees every attempt a worker runs (the console's process pool reports them to its supervisor). Called on the
/// executor; implementations must be quick and must not throw.
/// </summary>
internal interface IAttemptObserver
{
    /// <summary>The attempt is about to run; <paramref name="hardLimit"/> is its resolved hard time limit, if any.</summary>
    void OnStarted(ClaimedJob job, TimeSpan? hardLimit);

    /// <summary>
    /// The attempt ended: <paramref name="outcome"/> was handed to the completer (it is written later, before the
    /// worker stops), or is null when the worker gave the attempt up. Returning true stops the worker claiming
    /// (before it can claim into the freed slot); whoever returns true should then stop the worker's host.
    /// </summary>
    bool OnEnded(ClaimedJob job, JobOutcome? outcome);
}
