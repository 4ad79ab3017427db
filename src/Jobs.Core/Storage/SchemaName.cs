namespace Jobs.Storage;

/// <summary>Validates a configurable schema name (<see cref="JobNames.ValidateSchema"/>) and quotes it for SQL.</summary>
internal static class SchemaName
{
    /// <summary>Longest schema name: channel names derived from it must fit PostgreSQL's 63-byte identifiers.</summary>
    public const int MaxLength = JobNames.MaxSchemaLength;

    public static string Validate(string? schema) => JobNames.ValidateSchema(schema);

    /// <summary>Quotes an identifier with double quotes (PostgreSQL, SQLite, ANSI), doubling embedded quotes.</summary>
    public static string QuoteDouble(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
