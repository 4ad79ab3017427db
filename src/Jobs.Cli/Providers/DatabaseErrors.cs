using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Jobs.Cli.Providers;

/// <summary>Recognises database exceptions the user can act on: unreachable servers and files, missing tables.</summary>
internal static class DatabaseErrors
{
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    /// <summary>An exit code and one-line message for <paramref name="ex"/>, or null when it is not a known database error.</summary>
    public static (int ExitCode, string Message)? Classify(Exception ex) => ex switch
    {
        PostgresException p when p.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName
            => (ExitCodes.UserError, $"the database is not migrated ({p.MessageText}); run 'jobs migrate up' first"),
        PostgresException p when IsConnectionState(p.SqlState)
            => (ExitCodes.DatabaseUnreachable, $"cannot connect to PostgreSQL: {p.MessageText}"),
        PostgresException => null,
        NpgsqlException n => (ExitCodes.DatabaseUnreachable, $"cannot connect to PostgreSQL: {Flatten(n)}"),
        SqliteException s when s.SqliteErrorCode == SqliteCantOpen
            => (ExitCodes.DatabaseUnreachable, $"cannot open the SQLite database: {Flatten(s)}"),
        SqliteException s when s.SqliteErrorCode == SqliteNotADatabase
            => (ExitCodes.UserError, $"the file is not a SQLite database: {Flatten(s)}"),
        SqliteException s when s.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase)
            => (ExitCodes.UserError, $"the database is not migrated ({Flatten(s)}); run 'jobs migrate up' first"),
        SqlException q when q.Number == 208
            => (ExitCodes.UserError, $"the database is not migrated ({q.Message}); run 'jobs --provider sqlserver migrate up' first"),
        // Network errors (no instance, timeouts), login failures, unknown database.
        SqlException q when q.Number is -2 or 2 or 53 or 258 or 4060 or 18456 || q.Class >= 20
            => (ExitCodes.DatabaseUnreachable, $"cannot connect to SQL Server: {Flatten(q)}"),
        _ => null,
    };

    // 08 connection exception, 28 invalid authorization, 3D invalid catalog (no such database), 57P operator intervention.
    private static bool IsConnectionState(string state)
        => state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("28", StringComparison.Ordinal)
        || state.StartsWith("3D", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal);

    /// <summary>The message and its inner messages on one line.</summary>
    public static string Flatten(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            var line = e.Message.ReplaceLineEndings(" ").Trim();
            if (line.Length > 0 && !parts.Any(p => p.Contains(line, StringComparison.Ordinal))) parts.Add(line);
        }
        return string.Join(": ", parts);
    }
}
