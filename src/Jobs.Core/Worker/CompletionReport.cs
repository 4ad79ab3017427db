using Jobs.Storage;

namespace Jobs.Worker;

/// <summary>
/// What became of outcomes handed to the store. <see cref="Written"/>: recorded (possibly rewritten as FAILURE
/// "ResultNotStored"). <see cref="Rejected"/>: the worker no longer owned the attempt. <see cref="Dropped"/>: the
/// database refused it even as a failure; its lease is left to expire. <see cref="Unsettled"/>: not written because
/// the database seems down; retried later.
/// </summary>
internal sealed record CompletionReport(
    IReadOnlyList<JobOutcome> Written,
    IReadOnlyList<JobOutcome> Rejected,
    IReadOnlyList<JobOutcome> Dropped,
    IReadOnlyList<JobOutcome> Unsettled)
{
    /// <summary>Every outcome whose attempt the worker lets go of now.</summary>
    public IEnumerable<JobOutcome> Settled => Written.Concat(Rejected).Concat(Dropped);
}
