namespace Jobs;

/// <summary>One job of a bulk enqueue: task name, JSON-serializable arguments, options.</summary>
public sealed record JobRequest(string Task, object? Args = null, EnqueueOptions? Options = null);
