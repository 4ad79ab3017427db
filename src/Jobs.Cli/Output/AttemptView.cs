namespace Jobs.Cli.Output;

/// <summary>One ended attempt as <c>jobs status ID --json</c> prints it (under <c>attempts</c>).</summary>
internal sealed record AttemptView(
    int Attempt, string State, string? Error, string? Traceback, string? Worker, DateTimeOffset? StartedAt, DateTimeOffset FinishedAt)
{
    public static AttemptView From(JobAttempt a) => new(a.Attempt, a.State, a.Error, a.Traceback, a.Worker, a.StartedAt, a.FinishedAt);
}
