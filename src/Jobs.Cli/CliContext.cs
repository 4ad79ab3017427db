using System.CommandLine;
using Jobs.Cli.Providers;

namespace Jobs.Cli;

/// <summary>What a command's action needs: its parsed values, the database settings and the output mode.</summary>
internal sealed class CliContext(ParseResult parse, GlobalOptions globals)
{
    private StoreProvider? _provider;

    public ParseResult Parse { get; } = parse;

    /// <summary>True with <c>--json</c>.</summary>
    public bool Json => Parse.GetValue(globals.Json);

    /// <summary>The database, resolved on first use (so <c>--help</c> never needs one).</summary>
    public StoreProvider Provider => _provider ??= StoreProvider.For(globals.Resolve(Parse));

    public T? Get<T>(Option<T> option) => Parse.GetValue(option);
    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>Opens a client session on the (existing, migrated) database.</summary>
    public JobsSession OpenSession(IEnumerable<string>? assemblies = null, Action<JobsOptions>? configure = null)
        => JobsSession.Open(Provider, assemblies, configure);
}

/// <summary>Wires a command's action to a <see cref="CliContext"/>.</summary>
internal static class CommandExtensions
{
    public static Command WithAction(this Command command, GlobalOptions globals, Func<CliContext, CancellationToken, Task<int>> action)
    {
        command.SetAction((parse, ct) => action(new CliContext(parse, globals), ct));
        return command;
    }
}
