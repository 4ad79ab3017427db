namespace Jobs;

/// <summary>What a rate or concurrency limit applies to: every job of one task, or every job of one queue.</summary>
public enum LimitScope
{
    /// <summary>Jobs of one task name.</summary>
    Task,
    /// <summary>Jobs of one queue.</summary>
    Queue,
}

/// <summary>The scope as stored in job_limit.scope.</summary>
internal static class LimitScopeText
{
    public static string ToText(this LimitScope scope) => scope == LimitScope.Task ? "task" : "queue";

    public static LimitScope Parse(string text) => text switch
    {
        "task" => LimitScope.Task,
        "queue" => LimitScope.Queue,
        _ => throw new InvalidOperationException($"Unknown limit scope '{text}' in job_limit."),
    };
}
