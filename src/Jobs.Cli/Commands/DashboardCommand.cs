using System.CommandLine;
using Jobs.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs dashboard [--urls http://127.0.0.1:5080] [--read-only] [--allow-remote]</c>: the web dashboard on its own,
/// over the database of the global options (the demo's SQLite file too), until Ctrl+C. Local requests only unless
/// <c>--allow-remote</c>.
/// </summary>
internal static class DashboardCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create(GlobalOptions globals)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen (semicolon-separated; port 0 picks a free port).",
            HelpName = "url",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var readOnly = new Option<bool>("--read-only") { Description = "Show no actions; every write answers 403." };
        var allowRemote = new Option<bool>("--allow-remote")
        {
            Description = "Answer requests from other machines too (there is no login: put it behind an authenticating proxy).",
        };
        return new Command("dashboard", "Serve the web dashboard (overview, jobs, queues, workers, schedules, events) over this database.")
        {
            urls, readOnly, allowRemote,
        }.WithAction(globals, async (ctx, ct) =>
        {
            var provider = ctx.Provider;
            provider.EnsureExists();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(ctx.Get(urls) ?? DefaultUrls);
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Jobs.Dashboard", LogLevel.Information);
            builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error); // keys in memory: forms outlive no restart
            builder.Services.AddJobs(o => JobsSession.Configure(o, provider, []));
            builder.Services.AddJobsDashboard(o =>
            {
                o.ReadOnly = ctx.Get(readOnly);
                o.AllowRemoteRequests = ctx.Get(allowRemote);
            });
            await using var app = builder.Build();
            app.MapJobsDashboard("/");
            using var interruption = new Interruption(ct);
            await app.Services.GetRequiredService<IJobClient>().GetJobsAsync([Guid.Empty], interruption.Token); // fails clearly when not migrated
            await app.StartAsync(interruption.Token);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses) Console.Out.WriteLine($"Jobs dashboard: {address}/");
            Console.Out.Flush();
            try { await Task.Delay(Timeout.Infinite, interruption.Token); }
            catch (OperationCanceledException) { }
            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Success;
        });
    }
}
