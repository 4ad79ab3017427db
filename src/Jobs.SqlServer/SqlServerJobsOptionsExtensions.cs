using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jobs.SqlServer;

/// <summary>Selects SQL Server as the Jobs store.</summary>
public static class SqlServerJobsOptionsExtensions
{
    /// <summary>
    /// Uses SQL Server (2017 or later, or Azure SQL) at <paramref name="connectionString"/>. The schema must be migrated
    /// (<c>jobs --provider sqlserver migrate up</c> or <c>JobsMigrator</c> with <c>JobsDatabase.SqlServer</c>).
    /// </summary>
    public static JobsOptions UseSqlServer(this JobsOptions options, string connectionString, Action<SqlServerStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var storeOptions = new SqlServerStoreOptions();
        configure?.Invoke(storeOptions);
        storeOptions.Validate();
        JobNames.ValidateSchema(storeOptions.Schema, nameof(storeOptions.Schema));
        options.UseStore(sp => new SqlServerJobStore(connectionString, storeOptions,
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        return options;
    }
}
