namespace Jobs;

/// <summary>
/// The rules for the names Jobs stores and matches: queue, task and schedule names, and the schema of the SQL stores.
/// A queue, task or schedule name is 1 to <see cref="MaxQueueLength"/> (queues) or <see cref="MaxTaskLength"/> (tasks,
/// schedules) ASCII letters, digits, <c>_</c>, <c>-</c>, <c>.</c> and <c>:</c>, beginning with a letter, a digit or
/// <c>_</c> (<c>reports.generate</c>, <c>high-priority</c>, <c>tenant:42</c>). A schema is an SQL identifier that
/// needs no quoting: 1 to <see cref="MaxSchemaLength"/> letters, digits and <c>_</c>, beginning with a letter or
/// <c>_</c>. Spaces, control characters, quotes and semicolons are refused everywhere. Like River's queue names,
/// plus the dots and colons of Celery's task names.
/// </summary>
public static class JobNames
{
    /// <summary>Longest queue name (as River's).</summary>
    public const int MaxQueueLength = 128;

    /// <summary>Longest task or schedule name (the width of the stores' name columns).</summary>
    public const int MaxTaskLength = 200;

    /// <summary>Longest schema name: the channel names derived from it must fit PostgreSQL's 63-byte identifiers.</summary>
    public const int MaxSchemaLength = 40;

    /// <summary>Whether <paramref name="name"/> is a valid queue name.</summary>
    public static bool IsValidQueue(string? name) => Problem(name, MaxQueueLength, schema: false) is null;

    /// <summary>Whether <paramref name="name"/> is a valid task (or schedule) name.</summary>
    public static bool IsValidTask(string? name) => Problem(name, MaxTaskLength, schema: false) is null;

    /// <summary>Whether <paramref name="name"/> is a valid schema name.</summary>
    public static bool IsValidSchema(string? name) => Problem(name, MaxSchemaLength, schema: true) is null;

    /// <summary>Returns <paramref name="name"/>, or throws <see cref="ArgumentException"/> saying why it is not a valid queue name.</summary>
    public static string ValidateQueue(string? name, string parameter = "queue") => Validate("Queue", name, MaxQueueLength, false, parameter);

    /// <summary>Returns <paramref name="name"/>, or throws <see cref="ArgumentException"/> saying why it is not a valid task name.</summary>
    public static string ValidateTask(string? name, string parameter = "task") => Validate("Task", name, MaxTaskLength, false, parameter);

    /// <summary>Returns <paramref name="name"/>, or throws <see cref="ArgumentException"/> saying why it is not a valid schedule name.</summary>
    public static string ValidateSchedule(string? name, string parameter = "name") => Validate("Schedule", name, MaxTaskLength, false, parameter);

    /// <summary>Returns <paramref name="name"/>, or throws <see cref="ArgumentException"/> saying why it is not a valid schema name.</summary>
    public static string ValidateSchema(string? name, string parameter = "schema") => Validate("Schema", name, MaxSchemaLength, true, parameter);

    private static string Validate(string kind, string? name, int max, bool schema, string parameter)
    {
        if (Problem(name, max, schema) is { } problem)
            throw new ArgumentException($"{kind} name {Show(name)} is invalid: {problem}", parameter);
        return name!;
    }

    private static string? Problem(string? name, int max, bool schema)
    {
        if (string.IsNullOrEmpty(name)) return "a name is required.";
        if (name.Length > max) return $"it is {name.Length} characters long, the limit is {max}.";
        var first = name[0];
        if (!(IsAsciiLetterOrDigit(first) || first == '_') || (schema && char.IsAsciiDigit(first)))
            return schema ? "it must begin with a letter or '_'." : "it must begin with a letter, a digit or '_'.";
        foreach (var c in name)
        {
            if (IsAsciiLetterOrDigit(c) || c == '_') continue;
            if (!schema && c is '-' or '.' or ':') continue;
            return $"{Describe(c)} is not allowed; use " + (schema ? "letters, digits and '_'." : "letters, digits, '_', '-', '.' and ':'.");
        }
        return null;
    }

    private static bool IsAsciiLetterOrDigit(char c) => char.IsAsciiLetterOrDigit(c);

    private static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\t' => "a tab",
        '\n' or '\r' => "a line break",
        '\0' => "a NUL character",
        '"' or '\'' or '`' => "a quote",
        ';' => "a semicolon",
        _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
        _ when char.IsWhiteSpace(c) => $"the space character U+{(int)c:X4}",
        _ => $"'{c}'",
    };

    /// <summary>The name as shown in a message: quoted, control characters escaped, cut after 60 characters.</summary>
    private static string Show(string? name)
    {
        if (name is null) return "(null)";
        var shown = name.Length > 60 ? name[..60] + "…" : name;
        var sb = new System.Text.StringBuilder("'");
        foreach (var c in shown)
            sb.Append(c switch
            {
                '\0' => "\\0", '\t' => "\\t", '\n' => "\\n", '\r' => "\\r",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        return sb.Append('\'').ToString();
    }
}
