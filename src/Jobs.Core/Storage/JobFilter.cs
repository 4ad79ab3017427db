namespace Jobs.Storage;

/// <summary>Which jobs to list (newest first): optional stored state, queue and task, at most <see cref="Limit"/>.</summary>
internal sealed record JobFilter(string? State = null, string? Queue = null, string? Task = null, int Limit = 50);
