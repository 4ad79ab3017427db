namespace Jobs.Cli;

/// <summary>Checks names given on the command line by the rules of <see cref="JobNames"/>, for parse-time errors.</summary>
internal static class NameOptions
{
    /// <summary>Why <paramref name="queue"/> is not a valid queue name, or null.</summary>
    public static string? QueueError(string queue) => Error(() => JobNames.ValidateQueue(queue));

    /// <summary>Returns <paramref name="schema"/>, or throws a usage error saying why it is not a valid schema name.</summary>
    public static string Schema(string schema)
        => Error(() => JobNames.ValidateSchema(schema)) is { } error ? throw CliException.Usage("--schema: " + error) : schema;

    private static string? Error(Action validate)
    {
        try
        {
            validate();
            return null;
        }
        catch (ArgumentException ex)
        {
            var suffix = $" (Parameter '{ex.ParamName}')";
            return ex.ParamName is not null && ex.Message.EndsWith(suffix, StringComparison.Ordinal) ? ex.Message[..^suffix.Length] : ex.Message;
        }
    }
}
