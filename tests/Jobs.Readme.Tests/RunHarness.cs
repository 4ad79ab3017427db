using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jobs.Readme.Tests;

/// <summary>
/// The SQLite form of a README block: a line that uses PostgreSQL (<c>UsePostgres(</c>, <c>JobsDatabase.Postgres</c>)
/// followed by a comment line <c>// or...: CODE;</c> (the README's embedded alternative) is replaced by CODE, so the
/// documented alternative is what runs (and it must compile). Line numbers are kept.
/// </summary>
public static partial class SqliteVariant
{
    public static CodeBlock Of(CodeBlock block)
    {
        var lines = block.Code.Split('\n');
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            if (!PostgresUse().IsMatch(lines[i])) continue;
            var alternative = Alternative().Match(lines[i + 1]);
            if (!alternative.Success || !alternative.Groups["code"].Value.Contains("Sqlite", StringComparison.Ordinal)) continue;
            var indent = lines[i][..(lines[i].Length - lines[i].TrimStart().Length)];
            lines[i] = indent + alternative.Groups["code"].Value;
            lines[i + 1] = "";
        }
        return block with { Code = string.Join('\n', lines) };
    }

    [GeneratedRegex(@"UsePostgres\(|JobsDatabase\.Postgres")]
    private static partial Regex PostgresUse();

    [GeneratedRegex(@"^\s*// or\b[^:]*:\s*(?<code>[^;]+;)")]
    private static partial Regex Alternative();
}

/// <summary>What a compiled fragment takes from the context (<see cref="ReadmeContext.ReadmeSnippet"/>) and whether it
/// needs PostgreSQL, read from its semantic model.</summary>
public sealed record ContextUse(IReadOnlySet<string> Members, bool NeedsPostgres)
{
    public static ContextUse Of(SnippetCompilation compiled)
    {
        var compilation = compiled.Compilation ?? throw new InvalidOperationException(compiled.Report());
        var tree = compilation.SyntaxTrees.Last();
        var model = compilation.GetSemanticModel(tree);
        var members = new SortedSet<string>(StringComparer.Ordinal);
        var postgres = false;
        foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
        {
            var symbol = model.GetSymbolInfo(name).Symbol;
            if (symbol is null or INamespaceSymbol) continue;
            if (symbol.ContainingType?.ToDisplayString() == SnippetCompiler.ContextBase && symbol.Name != SnippetCompiler.BodyMethod)
                members.Add(symbol.Name);
            var assembly = (symbol is IMethodSymbol { ReducedFrom: { } ext } ? ext : symbol).ContainingAssembly?.Name;
            if (assembly is "Jobs.Postgres" or "Jobs.Migrations.Postgres" or "Npgsql") postgres = true;
        }
        return new ContextUse(members, postgres);
    }
}

/// <summary>
/// Watches the hosts built in this process while it is alive (the "Microsoft.Extensions.Hosting" diagnostic events that
/// WebApplicationFactory uses): adds services to a host as it is built, and hands over the built host, so a README
/// program whose <c>app.Run()</c> blocks can be driven and stopped from outside.
/// </summary>
public sealed class HostCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly Action<IServiceCollection> _configure;
    private readonly IDisposable _all;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly TaskCompletionSource<IHost> _host = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HostCapture(Action<IServiceCollection> configure)
    {
        _configure = configure;
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public Task<IHost> Host => _host.Task;

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name != "Microsoft.Extensions.Hosting") return;
        lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Key == "HostBuilding" && e.Value is IHostBuilder building) building.ConfigureServices((_, services) => _configure(services));
        if (e.Key == "HostBuilt" && e.Value is IHost built) _host.TrySetResult(built);
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
    }
}
