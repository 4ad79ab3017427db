using Xunit;

namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>Base of the console suites that start from a fresh migrated database of each kind.</summary>
public abstract class MigratedCliTest : IAsyncLifetime
{
    protected CliDatabase Db { get; private set; } = null!;
    protected JobsCli Cli => Db.Cli;

    protected abstract Task<CliDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        Db = await CreateDatabaseAsync();
        Ok(await Cli.RunAsync("migrate", "up"));
    }

    public async Task DisposeAsync() => await Db.DisposeAsync();

    /// <summary>Asserts the command succeeded (showing its output otherwise) and returns its result.</summary>
    protected static CliResult Ok(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
