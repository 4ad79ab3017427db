namespace Jobs;

/// <summary>What <see cref="JobControl.RevokeAsync"/> did: the jobs revoked, and the replies of the workers told (each names the ids it cancelled).</summary>
public sealed record RevokeResult(IReadOnlyList<Guid> Revoked, IReadOnlyList<WorkerReply> Replies);
