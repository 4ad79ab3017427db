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
        using var host = CreateBuilder(ctx, assemblies, logLevel, configure).Build();
        await host.Services.GetRequiredService<Storage.IJobStore>().GetJobsAsync([Guid.Empty], ct); // unreachable or unmigrated: fail now, clearly
        await host.StartAsync(ct);
        var options = host.Services.GetRequiredService<JobsOptions>();
        Terminal.Line($"tasks: {string.Join(", ", options.Tasks.Names)}");
        Terminal.Line(readyLine(options));
        await host.WaitForShutdownAsync(CancellationToken.None);
        Terminal.Line(stoppedLine);
        return ExitCodes.Success;
    }

    /// <summary>The console's host: single-line logs on stderr at <paramref name="logLevel"/>, Jobs on the chosen database.</summary>
    public static HostApplicationBuilder CreateBuilder(CliContext ctx, IEnumerable<string> assemblies, LogLevel logLevel, Action<JobsOptions> configure)
    {
        var provider = ctx.Provider;
        provider.EnsureExists();
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "jobs" });
        ConfigureLogging(builder.Logging, logLevel);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddJobs(o =>
        {
            JobsSession.Configure(o, provider, assemblies);
            configure(o);
        });
        return builder;
    }

    /// <summary>Single-line log messages at or above <paramref name="logLevel"/>, all on stderr (stdout is for results).</summary>
    public static void ConfigureLogging(ILoggingBuilder logging, LogLevel logLevel)
    {
        logging.SetMinimumLevel(logLevel).AddFilter("Npgsql", LogLevel.Error)
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
