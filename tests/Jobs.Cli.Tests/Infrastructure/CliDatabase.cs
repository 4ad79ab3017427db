namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>
/// A fresh database for one test, reached by the console through <c>JOBS_PROVIDER</c> / <c>JOBS_CONNECTION</c>, plus a
/// working directory of its own, and direct SQL access to check the job table.
/// </summary>
public abstract class CliDatabase : IAsyncDisposable
{
    protected CliDatabase()
    {
        WorkingDirectory = Path.Combine(Path.GetTempPath(), "jobs-cli-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(WorkingDirectory);
    }

    /// <summary>The <c>--provider</c> value.</summary>
    public abstract string Provider { get; }

    public abstract string ConnectionString { get; }

    public string WorkingDirectory { get; }

    /// <summary>The console, pointed at this database by environment variables.</summary>
    public JobsCli Cli => new(WorkingDirectory, new Dictionary<string, string?>
    {
        ["JOBS_PROVIDER"] = Provider,
        ["JOBS_CONNECTION"] = ConnectionString,
    });

    /// <summary>Options that point a command at a database of this kind that has no Jobs tables.</summary>
    public abstract string[] UnmigratedArgs();

    /// <summary>Options that point a command at a database of this kind that cannot be reached.</summary>
    public abstract string[] UnreachableArgs();

    /// <summary>Runs a query against the job table (<c>{job}</c> is replaced by its qualified name) and returns the rows.</summary>
    public abstract Task<List<object?[]>> QueryAsync(string sql);

    public async Task<long> CountAsync(string where = "1=1")
        => Convert.ToInt64((await QueryAsync($"select count(*) from {{job}} where {where}"))[0][0]);

    public async Task<string?> StateAsync(string id)
        => (await QueryAsync($"select state from {{job}} where id = '{Guid.Parse(id)}'")).FirstOrDefault()?[0] as string;

    public virtual ValueTask DisposeAsync()
    {
        try { Directory.Delete(WorkingDirectory, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
