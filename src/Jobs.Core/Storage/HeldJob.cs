namespace Jobs.Storage;

/// <summary>One attempt of a claimed job (id and attempt), for lease extension and release.</summary>
internal readonly record struct HeldJob(Guid Id, int Attempt);
