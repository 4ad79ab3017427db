namespace Jobs.Storage;

/// <summary>Claim up to <see cref="Limit"/> runnable jobs of <see cref="Queues"/> for <see cref="Worker"/>, leasing them for <see cref="Lease"/>.</summary>
internal sealed record ClaimRequest(string Worker, IReadOnlyList<string> Queues, int Limit, TimeSpan Lease);
