using System.CommandLine;
using Jobs.Cli.Demo;
using Jobs.Cli.Providers;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs demo [--jobs N]</c>: a fresh SQLite file (jobs-demo.db), an in-process worker, N report jobs enqueued in bulk
/// and drained with progress bars, then the throughput and one finished report.
/// </summary>
internal static class DemoCommand
{
    public const string DemoFile = "jobs-demo.db";

    public static Command Create(GlobalOptions globals)
    {
        var jobs = CliOptions.Integer("--jobs", "How many report jobs to run.", 1000, min: 1);
        var concurrency = CliOptions.Integer("--concurrency", "Jobs the in-process worker runs at once.", 16, 1, "-c");
        return new Command("demo", $"Run N report jobs through an in-process worker on a fresh SQLite file ({DemoFile}) and show the throughput.")
        {
            jobs, concurrency,
        }.WithAction(globals, async (ctx, ct) =>
        {
            var provider = StoreProvider.For(globals.Resolve(ctx.Parse, $"Data Source={DemoFile}"));
            if (provider is SqliteProvider { FilePath: { } path } && Path.GetFileName(path) == DemoFile) DeleteDatabase(path);
            return await new DemoRun(provider, ctx.Get(jobs), ctx.Get(concurrency), ctx.Json).RunAsync(ct);
        });
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal", path + ".migrate-lock" })
            if (File.Exists(file)) File.Delete(file);
    }
}
