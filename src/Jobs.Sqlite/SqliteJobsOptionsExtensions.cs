using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jobs.Sqlite;

/// <summary>Selects SQLite as the Jobs store.</summary>
public static class SqliteJobsOptionsExtensions
{
    /// <summary>
    /// Uses the SQLite database at <paramref name="connectionString"/> (e.g. <c>Data Source=jobs.db</c>). The file must
    /// be migrated (<c>jobs migrate up</c> or <c>JobsMigrator</c>). Several processes may share one file.
    /// </summary>
    public static JobsOptions UseSqlite(this JobsOptions options, string connectionString, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var storeOptions = new SqliteStoreOptions();
        configure?.Invoke(storeOptions);
        options.UseStore(sp => new SqliteJobStore(connectionString, storeOptions,
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        return options;
    }
}
