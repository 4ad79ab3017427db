using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Jobs.Postgres;

/// <summary>Selects PostgreSQL as the Jobs store.</summary>
public static class PostgresJobsOptionsExtensions
{
    /// <summary>Uses PostgreSQL at <paramref name="connectionString"/>. The schema must be migrated (<c>jobs migrate up</c> or <c>JobsMigrator</c>).</summary>
    public static JobsOptions UsePostgres(this JobsOptions options, string connectionString, Action<PostgresStoreOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var storeOptions = new PostgresStoreOptions();
        configure?.Invoke(storeOptions);
        JobNames.ValidateSchema(storeOptions.Schema, nameof(storeOptions.Schema));
        options.UseStore(sp => new PostgresJobStore(connectionString, storeOptions,
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        return options;
    }
}
