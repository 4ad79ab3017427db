namespace Jobs.Storage;

/// <summary>Validates a configurable schema name and quotes it safely for SQL (the name is never spliced in raw).</summary>
internal static class SchemaName
{
    /// <summary>Longest schema name: channel names derived from it must fit PostgreSQL's 63-byte identifiers.</summary>
    public const int MaxLength = 40;

    public static string Validate(string? schema)
    {
        if (string.IsNullOrWhiteSpace(schema)) throw new ArgumentException("The schema name must not be empty.", nameof(schema));
        if (schema.Length > MaxLength) throw new ArgumentException($"The schema name '{schema}' is longer than {MaxLength} characters.", nameof(schema));
        if (schema.Any(c => c == '\0' || char.IsControl(c))) throw new ArgumentException("The schema name must not contain control characters.", nameof(schema));
        return schema;
    }

    /// <summary>Quotes an identifier with double quotes (PostgreSQL, SQLite, ANSI), doubling embedded quotes.</summary>
    public static string QuoteDouble(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
