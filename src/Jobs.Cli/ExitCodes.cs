namespace Jobs.Cli;

/// <summary>The exit codes of the <c>jobs</c> console.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;
    /// <summary>The job failed or was revoked, a wait timed out, or the job has not finished.</summary>
    public const int JobFailed = 1;
    /// <summary>A usage or user error: bad option, bad JSON, unknown id or task, unmigrated database.</summary>
    public const int UserError = 2;
    /// <summary>The database could not be reached (connection refused, authentication, missing file or directory).</summary>
    public const int DatabaseUnreachable = 3;
    /// <summary>No worker replied to <c>jobs inspect</c> or <c>jobs control</c> within the timeout (none runs, or none is addressed).</summary>
    public const int NoReply = 4;
    /// <summary>A worker replied to <c>jobs inspect</c> or <c>jobs control</c> with an error.</summary>
    public const int WorkerError = 5;
    /// <summary>An unexpected error (a bug): the exception is printed in full.</summary>
    public const int Unexpected = 70;
}
