namespace Jobs.Storage;

/// <summary>A claimed job identified by id and attempt, for lease extension and release.</summary>
internal readonly record struct HeldJob(Guid Id, int Attempt);
