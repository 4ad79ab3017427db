using System.CommandLine;
using System.CommandLine.Parsing;

namespace Jobs.Cli;

/// <summary>Options and arguments shared by several commands, with parsers whose errors say how to fix the value.</summary>
internal static class CliOptions
{
    public static Argument<Guid> JobId(string description = "The job id (a UUID).") => new("ID")
    {
        Description = description,
        CustomParser = r =>
        {
            if (r.Tokens.Count == 0) return default;
            var text = r.Tokens[0].Value;
            if (Guid.TryParse(text, out var id)) return id;
            r.AddError($"'{text}' is not a job id: expected a UUID such as 0197a3c2-5b1e-7c4d-9f00-1a2b3c4d5e6f");
            return default;
        },
    };

    /// <summary>One or more job ids.</summary>
    public static Argument<Guid[]> JobIds(string description) => new("ID")
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = r =>
        {
            var ids = new List<Guid>();
            foreach (var token in r.Tokens)
            {
                if (Guid.TryParse(token.Value, out var id)) ids.Add(id);
                else r.AddError($"'{token.Value}' is not a job id: expected a UUID such as 0197a3c2-5b1e-7c4d-9f00-1a2b3c4d5e6f");
            }
            return [.. ids.Distinct()];
        },
    };

    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = $"{description} ({DurationParser.Formats}).",
        HelpName = "duration",
        CustomParser = r =>
        {
            var text = r.Tokens.Single().Value;
            if (DurationParser.TryParse(text, out var value, out var error)) return value;
            r.AddError($"{name}: {error}");
            return null;
        },
    };

    public static Option<DateTimeOffset?> Time(string name, string description) => new(name)
    {
        Description = $"{description} (ISO 8601, e.g. 2030-01-31T12:00:00Z; no offset means UTC).",
        HelpName = "time",
        CustomParser = r =>
        {
            var text = r.Tokens.Single().Value;
            if (TimeParser.TryParse(text, out var value, out var error)) return value;
            r.AddError($"{name}: {error}");
            return null;
        },
    };

    /// <summary><c>--log-level</c> of the long-running commands (worker, beat); logs go to stderr.</summary>
    public static Option<Microsoft.Extensions.Logging.LogLevel> LogLevel() => new("--log-level", "-l")
    {
        Description = "Log messages at or above this level to stderr.",
        DefaultValueFactory = _ => Microsoft.Extensions.Logging.LogLevel.Warning,
    };

    public static Option<string[]> Assemblies() => new("--assembly", "-A")
    {
        Description = "A task assembly to load (repeatable): its public IJob classes marked [JobTask(\"name\")] become known tasks.",
        HelpName = "path",
        DefaultValueFactory = _ => [],
    };

    /// <summary>A whole-number option of at least <paramref name="min"/>, with a default.</summary>
    public static Option<int> Integer(string name, string description, int defaultValue, int min, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => (int)(ParseInteger(r, name, min, int.MaxValue) ?? defaultValue),
    };

    /// <summary>An optional whole-number option between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static Option<long?> OptionalInteger(string name, string description, long min, long max) => new(name)
    {
        Description = description,
        CustomParser = r => ParseInteger(r, name, min, max),
    };

    private static long? ParseInteger(ArgumentResult r, string name, long min, long max)
    {
        if (r.Tokens.Count == 0) return null;
        var text = r.Tokens[0].Value;
        if (!long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
            r.AddError($"{name}: '{text}' is not a whole number");
        else if (value < min || value > max)
            r.AddError(max >= int.MaxValue / 2 ? $"{name} must be at least {min}" : $"{name} must be between {min} and {max}");
        else return value;
        return null;
    }
}
