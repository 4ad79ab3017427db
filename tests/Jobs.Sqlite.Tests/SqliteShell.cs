using System.Diagnostics;

namespace Jobs.Sqlite.Tests;

/// <summary>The <c>sqlite3</c> command-line shell, run as a separate process on a database file.</summary>
internal static class SqliteShell
{
    /// <summary>The shell's path from PATH, or null when it is not installed.</summary>
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => System.IO.Path.Combine(dir, "sqlite3"))
        .FirstOrDefault(File.Exists);

    /// <summary>Runs <paramref name="sql"/> on <paramref name="database"/>; a failure (exit code or "Error:" output) throws with the shell's stderr.</summary>
    public static async Task RunAsync(string shell, string database, string sql)
    {
        var psi = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-bail", "-cmd", ".timeout 10000", database, sql }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        var error = await stderr;
        if (process.ExitCode != 0 || error.Contains("Error", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"sqlite3 {database} \"{sql}\" failed (exit {process.ExitCode}): {error}{await stdout}");
    }
}
