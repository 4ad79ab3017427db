using Jobs.Cli.Output;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Jobs.Cli;

/// <summary>
/// Runs a Jobs host in the console (<c>jobs worker</c>, <c>jobs beat</c>) until Ctrl+C or SIGTERM: logs on stderr,
/// fails early and clearly when the database is unreachable or not migrated, prints a ready line on stdout.
/// </summary>
internal static class ConsoleHost
{
    public static async Task<int> RunAsync(CliContext ctx, IEnumerable<string> assemblies, LogLevel logLevel,
        Action<JobsOptions> configure, Func<JobsOptions, string> readyLine, string stoppedLine, CancellationToken ct)
    {
        var provider = ctx.Provider;
        provider.EnsureExists();
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "jobs" });
        builder.Logging.SetMinimumLevel(logLevel).AddFilter("Npgsql", LogLevel.Error)
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddJobs(o =>
        {
            JobsSession.Configure(o, provider, assemblies);
            configure(o);
        });
        using var host = builder.Build();
        await host.Services.GetRequiredService<Storage.IJobStore>().GetJobsAsync([Guid.Empty], ct); // unreachable or unmigrated: fail now, clearly
        await host.StartAsync(ct);
        var options = host.Services.GetRequiredService<JobsOptions>();
        Terminal.Line($"tasks: {string.Join(", ", options.Tasks.Names)}");
        Terminal.Line(readyLine(options));
        await host.WaitForShutdownAsync(CancellationToken.None);
        Terminal.Line(stoppedLine);
        return ExitCodes.Success;
    }
}
