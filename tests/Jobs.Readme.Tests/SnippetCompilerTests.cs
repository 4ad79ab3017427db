using Xunit;

namespace Jobs.Readme.Tests;

/// <summary>The snippet compiler bites: a broken block fails with its README line, the line's text and the compiler's
/// error; the wrapping rules hold (fragment vs whole file, shadowing, public API only).</summary>
public sealed class SnippetCompilerTests
{
    private static SnippetCompilation CompileOnly(string markdown)
        => SnippetCompiler.Compile(Assert.Single(Readme.CSharpBlocks(markdown)));

    [Fact]
    public void A_fragment_that_does_not_compile_fails_at_its_README_line()
    {
        var c = CompileOnly("# Title\n\ntext\n\n```csharp\nvar r = client.GetResult(id);\nawait r.WaitForeverAsync();\n```\n");
        var error = Assert.Single(c.Errors);
        Assert.StartsWith("README.md:7:", error, StringComparison.Ordinal);
        Assert.Contains("CS1061", error, StringComparison.Ordinal);
        Assert.Contains("WaitForeverAsync", error, StringComparison.Ordinal);
        Assert.Contains("7 | await r.WaitForeverAsync();", error, StringComparison.Ordinal);
        Assert.Contains("the ```csharp block at line 5", c.Report(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_is_reported_at_its_README_line()
    {
        var c = CompileOnly("\n```cs\njobs.AddTask<ReportRequest, Report>(\"r\", ...);\n```\n");
        Assert.Contains(c.Errors, e => e.StartsWith("README.md:3:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fragment_uses_the_context_and_declares_its_own_types_and_locals()
    {
        var c = CompileOnly("""
            ```csharp
            using static Jobs.Workflow;
            var app = WebApplication.CreateBuilder(args).Build();      // shadows the context's app
            services.AddJobs(jobs => jobs.UseSqlite("Data Source=x.db").AddTask<ReportRequest, Report>("r", (a, ctx) => Task.FromResult(new Report(a.Customer))));
            await client.ApplyAsync(Chain(Sig("a"), Sig("b")));
            public sealed record ReportRequest(string Customer);       // shadows the context's ReportRequest
            public sealed record Report(string Customer);
            ```
            """);
        Assert.True(c.Errors.Count == 0, c.Report());
    }

    [Fact]
    public void Statements_after_types_fail_as_in_a_program()
    {
        var c = CompileOnly("```csharp\npublic sealed record A(int X);\nvar a = new A(1);\n```\n");
        Assert.Contains(c.Errors, e => e.Contains("CS8803", StringComparison.Ordinal) && e.StartsWith("README.md:3:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_block_that_declares_a_namespace_is_a_whole_file_without_context()
    {
        var ok = CompileOnly("```csharp\nusing Jobs;\nnamespace MyApp;\npublic sealed class T : IJob<string, string>\n{\n    public Task<string> RunAsync(string args, JobContext context) => Task.FromResult(args);\n}\n```\n");
        Assert.True(ok.WholeFile);
        Assert.True(ok.Errors.Count == 0, ok.Report());

        var noContext = CompileOnly("```csharp\nnamespace MyApp;\npublic static class C { public static object F() => client; }\n```\n");
        Assert.Contains(noContext.Errors, e => e.Contains("CS0103", StringComparison.Ordinal) && e.StartsWith("README.md:3:", StringComparison.Ordinal));
    }

    [Fact]
    public void Snippets_see_only_public_API()
    {
        var c = CompileOnly("```csharp\nvar t = typeof(Jobs.Monitoring.JobEventHub);\n```\n");
        Assert.Contains(c.Errors, e => e.Contains("CS0122", StringComparison.Ordinal));
    }

    [Fact]
    public void The_SQLite_form_takes_the_blocks_own_alternative_and_keeps_line_numbers()
    {
        var block = new CodeBlock("csharp", "csharp", "jobs.UsePostgres(cs);\n// or: jobs.UseSqlite(\"Data Source=x.db\");   (package Jobs.Sqlite)\njobs.AddWorker();\njobs.UsePostgres(other);", 10);
        Assert.Equal("jobs.UseSqlite(\"Data Source=x.db\");\n\njobs.AddWorker();\njobs.UsePostgres(other);", SqliteVariant.Of(block).Code);
    }
}
