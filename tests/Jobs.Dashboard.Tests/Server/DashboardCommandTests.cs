using System.Diagnostics;
using System.Text.RegularExpressions;
using Jobs.Dashboard.Tests.Infrastructure;
using Xunit;

namespace Jobs.Dashboard.Tests.Server;

/// <summary><c>jobs dashboard</c>: the real console process serves the dashboard over the database, on the port it is given.</summary>
public abstract partial class DashboardCommandTests(string kind)
{
    private static string CliDll
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var repository = Path.GetFullPath(Path.Combine(here.Parent!.Parent!.Parent!.FullName, "..", ".."));
            var dll = Path.Combine(repository, "src", "Jobs.Cli", "bin", here.Parent.Name, here.Name, "Jobs.Cli.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build the solution first.");
        }
    }

    [Fact]
    public async Task ServesTheDashboardStandaloneAndReadOnly()
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        foreach (var readOnly in new[] { false, true })
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { CliDll }.Concat(db.CliOptions).Concat(["dashboard", "--urls", "http://127.0.0.1:0"]).Concat(readOnly ? ["--read-only"] : []))
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            try
            {
                var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                process.OutputDataReceived += (_, e) =>
                {
                    if (e.Data is null) listening.TrySetException(new InvalidOperationException("jobs dashboard exited before it listened."));
                    else if (Address().Match(e.Data) is { Success: true } m) listening.TrySetResult(m.Groups[1].Value);
                };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                var root = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
                using var http = new HttpClient();
                var overview = await http.GetStringAsync(root);
                Assert.Contains("<h1>Overview</h1>", overview);
                var queues = await http.GetStringAsync(root + "queues");
                Assert.Equal(readOnly, !queues.Contains("method=\"post\"", StringComparison.Ordinal));
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    [GeneratedRegex(@"Jobs dashboard: (http://\S+/)")]
    private static partial Regex Address();
}

public sealed class SqliteDashboardCommandTests() : DashboardCommandTests("sqlite");

public sealed class PostgresDashboardCommandTests() : DashboardCommandTests("postgres");
