using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;

namespace Jobs.Readme.Tests;

/// <summary>
/// Compiles a README C# block in process (Roslyn) against the assemblies this test runs with: the .NET and ASP.NET Core
/// shared frameworks and every Jobs package (Jobs.Core, Jobs.Postgres, Jobs.Sqlite, Jobs.Migrations.*), Dapper, Npgsql,
/// Microsoft.Data.Sqlite. Only public API is visible to a snippet, as to a reader's app.
/// <para>The rules, two kinds of block:</para>
/// <list type="bullet">
/// <item>A <b>whole file</b> is a block that declares a namespace (<c>namespace X;</c> or <c>namespace X { }</c>). It is
/// compiled as written, with only the implicit usings of a web project (<see cref="ImplicitUsings"/>): no context.</item>
/// <item>Every other block is a <b>fragment</b>. Its <c>using</c> directives go to the top of a generated file that also
/// has the implicit usings and <see cref="TemplateUsings"/>; its statements (top-level code) become the body of
/// <c>async Task ExecuteSnippetAsync()</c> in a class derived from <see cref="ReadmeContext.ReadmeSnippet"/>, whose
/// fields are the variables a fragment may use undeclared (<c>app</c>, <c>builder</c>, <c>services</c>, <c>jobs</c>,
/// <c>client</c>, <c>connection</c>, <c>id</c>, ...; see ReadmeContext.cs); its type declarations stay at file level
/// beside that class. A snippet's own locals, parameters and types shadow the context's (namespace
/// <c>ReadmeContext</c>), so a block may declare <c>var app = ...</c> or its own <c>record ReportRequest</c>.</item>
/// </list>
/// Either way a block must be C# as written: it parses as a file, so statements come before type declarations, as
/// in a Program.cs (CS8803 otherwise), and <c>...</c> is not an expression.
/// Errors are reported at their README line (the generated file carries <c>#line</c> directives), with the line's text.
/// Warnings do not fail a snippet.
/// </summary>
public static class SnippetCompiler
{
    /// <summary>The SDK's implicit usings of a Microsoft.NET.Sdk.Web project (ImplicitUsings=enable).</summary>
    public static readonly string[] ImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Net.Http.Json",
        "System.Threading", "System.Threading.Tasks", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    /// <summary>What a fragment may take as imported: the namespaces of the Jobs packages a reader's app has after the
    /// quick start, Dapper (the transactional-enqueue section) and the context's types.</summary>
    public static readonly string[] TemplateUsings = ["Jobs", "Jobs.Postgres", "Jobs.Sqlite", "Jobs.Migrations", "Dapper", "ReadmeContext"];

    public const string ContextBase = "ReadmeContext.ReadmeSnippet";
    public const string BodyMethod = "ExecuteSnippetAsync";

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Regular);

    private static readonly Lazy<CSharpCompilation> Base = new(() => CSharpCompilation.Create(
        "ReadmeSnippets",
        [CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings.Select(u => $"global using global::{u};\n")), Parse, "ImplicitUsings.g.cs", Encoding.UTF8)],
        LoadReferences(),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
            concurrentBuild: false)));

    /// <summary>Every assembly the test host resolved for this process (the frameworks and the packages), deduplicated by
    /// the host already, plus this test assembly (the context).</summary>
    private static List<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).ToList();
        var self = typeof(ReadmeContext.ReadmeSnippet).Assembly.Location;
        if (!paths.Any(p => Path.GetFileName(p) == Path.GetFileName(self))) paths.Add(self);
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(CodeBlock, string), Lazy<SnippetCompilation>> Cache = new();

    /// <summary>Compiles the block (once per process: the compile and the run tests share it).</summary>
    public static SnippetCompilation Compile(CodeBlock block, string file = "README.md")
        => Cache.GetOrAdd((block, file), key => new Lazy<SnippetCompilation>(() => CompileNew(key.Item1, key.Item2))).Value;

    private static SnippetCompilation CompileNew(CodeBlock block, string file)
    {
        var name = $"ReadmeSnippet_L{block.FirstLine}";
        var original = CSharpSyntaxTree.ParseText(block.Code, Parse, file);
        var root = (CompilationUnitSyntax)original.GetRoot();
        var wholeFile = root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<BaseNamespaceDeclarationSyntax>().Any();

        // Syntax errors (and "top-level statements must precede types") are the block's as written.
        var syntax = original.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (syntax.Count > 0)
            return new SnippetCompilation(block, file, name, wholeFile, block.Code, null,
                [.. syntax.Select(d => Describe(d, block, file, shift: block.FirstLine - 1))]);

        var source = wholeFile ? $"#line {block.FirstLine} \"{file}\"\n{block.Code}\n" : Wrap(root, original, block, file, name);
        var tree = CSharpSyntaxTree.ParseText(source, Parse, name + ".g.cs", Encoding.UTF8);
        var hasStatements = root.Members.OfType<GlobalStatementSyntax>().Any();
        var compilation = Base.Value.WithAssemblyName(name).AddSyntaxTrees(tree)
            .WithOptions(Base.Value.Options.WithOutputKind(wholeFile && hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => Describe(d, block, file, shift: 0)).ToList();
        return new SnippetCompilation(block, file, name, wholeFile, source, compilation, errors);
    }

    private static string Wrap(CompilationUnitSyntax root, SyntaxTree original, CodeBlock block, string file, string name)
    {
        int LineOf(SyntaxNode node) => block.FirstLine + original.GetLineSpan(node.FullSpan).StartLinePosition.Line;
        string Mapped(SyntaxNode node) => $"#line {LineOf(node)} \"{file}\"\n{node.ToFullString().TrimEnd()}\n";

        var sb = new StringBuilder();
        foreach (var u in TemplateUsings) sb.Append("using ").Append(u).Append(";\n");
        foreach (var e in root.Externs) sb.Insert(0, Mapped(e));
        foreach (var u in root.Usings) sb.Append(Mapped(u));
        sb.Append("#line hidden\n");
        foreach (var a in root.AttributeLists) sb.Append(Mapped(a)).Append("#line hidden\n");
        sb.Append($"public sealed class {name} : {ContextBase}\n{{\n    public override async Task {BodyMethod}()\n    {{\n");
        foreach (var s in root.Members.OfType<GlobalStatementSyntax>()) sb.Append(Mapped(s.Statement));
        sb.Append("#line hidden\n        await Task.CompletedTask;\n    }\n}\n");
        foreach (var m in root.Members.Where(m => m is not GlobalStatementSyntax)) sb.Append(Mapped(m)).Append("#line hidden\n");
        return sb.ToString();
    }

    private static string Describe(Diagnostic d, CodeBlock block, string file, int shift)
    {
        var span = d.Location.GetMappedLineSpan();
        if (span.Path != file || !d.Location.IsInSource)
            return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {d.Id}: {d.GetMessage()} (in the generated wrapper)";
        var line = span.StartLinePosition.Line + 1 + shift;
        var text = block.Lines().FirstOrDefault(l => l.Line == line).Text ?? "";
        return $"{file}:{line}:{span.StartLinePosition.Character + 1}: error {d.Id}: {d.GetMessage()}\n    {line,5} | {text}";
    }
}

/// <summary>A compiled README block: its errors (README line, message, the line's text), and the compilation to emit
/// and run it.</summary>
public sealed record SnippetCompilation(CodeBlock Block, string File, string Name, bool WholeFile, string Source,
    CSharpCompilation? Compilation, IReadOnlyList<string> Errors)
{
    public string Report()
        => $"{File}: the ```{Block.Info} block at line {Block.FirstLine - 1} ({(WholeFile ? "a whole file" : "a fragment")}) does not compile:\n"
           + string.Join('\n', Errors)
           + (!WholeFile && Errors.Any(e => e.Contains("error CS0103", StringComparison.Ordinal) || e.Contains("error CS0246", StringComparison.Ordinal))
               ? "\n(A fragment may use undeclared only the fields of ReadmeContext.ReadmeSnippet and the types of namespace ReadmeContext, "
                 + "tests/Jobs.Readme.Tests/ReadmeContext.cs: declare the name in the block, or add it there if a reader's app plainly has it.)"
               : "")
           + (Errors.Any(e => e.Contains("(in the generated wrapper)", StringComparison.Ordinal)) ? $"\n--- generated source ---\n{Source}" : "");

    /// <summary>Emits the snippet and loads it into this process (its references are the assemblies already loaded).</summary>
    public Assembly Load()
    {
        if (Compilation is null || Errors.Count > 0) throw new InvalidOperationException(Report());
        using var pe = new MemoryStream();
        var result = Compilation.Emit(pe, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
        if (!result.Success) throw new InvalidOperationException(string.Join('\n', result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        pe.Position = 0;
        return AssemblyLoadContext.Default.LoadFromStream(pe);
    }

    /// <summary>A fragment's class, made ready to run: the context fields are set by the caller.</summary>
    public ReadmeContext.ReadmeSnippet CreateFragment()
        => (ReadmeContext.ReadmeSnippet)Activator.CreateInstance(Load().GetType(Name, throwOnError: true)!)!;
}
