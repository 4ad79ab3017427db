using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Dashboard.Tests.Infrastructure;

/// <summary>How a test host is set up.</summary>
public sealed record HostSettings
{
    public Action<DashboardOptions>? Dashboard { get; init; }
    /// <summary>Run an in-process worker (queues default and held) that stores its events.</summary>
    public bool Worker { get; init; } = true;
    public string Prefix { get; init; } = "/jobs";
    public string? PathBase { get; init; }
    /// <summary>
    /// Take the client's address from the header X-Test-Remote-Address (a request from another machine cannot be made
    /// here: every address of this machine counts as local).
    /// </summary>
    public bool FakeRemoteAddress { get; init; }
    public Action<IServiceCollection>? Services { get; init; }
}

/// <summary>
/// An ASP.NET Core host with Jobs (and optionally a worker) and the dashboard at <see cref="HostSettings.Prefix"/>, on
/// Kestrel at a free loopback port; an <see cref="HttpClient"/> that keeps cookies and does not follow redirects.
/// </summary>
public sealed partial class DashboardHost : IAsyncDisposable
{
    private DashboardHost(WebApplication app, HttpClient client, string root, TestTasks tasks)
    {
        App = app;
        Client = client;
        Root = root;
        Tasks = tasks;
    }

    public WebApplication App { get; }
    public HttpClient Client { get; }
    /// <summary>The dashboard's absolute URL (no trailing slash), e.g. http://127.0.0.1:41234/jobs.</summary>
    public string Root { get; }
    public TestTasks Tasks { get; }
    public IJobClient Jobs => App.Services.GetRequiredService<IJobClient>();
    public JobAdmin Admin => App.Services.GetRequiredService<JobAdmin>();
    public JobControl Control => App.Services.GetRequiredService<JobControl>();

    public static async Task<DashboardHost> StartAsync(TestDatabase database, HostSettings? settings = null)
    {
        settings ??= new HostSettings();
        var tasks = new TestTasks();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddJobs(o =>
        {
            database.Configure(o);
            tasks.Register(o);
            if (settings.Worker) o.AddWorker(w => { w.Queues = ["default", "held"]; w.Concurrency = 4; w.SendEvents = true; });
        });
        builder.Services.AddAuthentication(TestAuthentication.Name)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TestAuthentication>(TestAuthentication.Name, null);
        builder.Services.AddJobsDashboard(settings.Dashboard);
        settings.Services?.Invoke(builder.Services);
        var app = builder.Build();
        if (settings.FakeRemoteAddress)
            app.Use((ctx, next) =>
            {
                if (IPAddress.TryParse(ctx.Request.Headers["X-Test-Remote-Address"], out var remote)) ctx.Connection.RemoteIpAddress = remote;
                return next(ctx);
            });
        if (settings.PathBase is { } pathBase) app.UsePathBase(pathBase);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapJobsDashboard(settings.Prefix);
        try
        {
            await app.StartAsync();
            var origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
            {
                BaseAddress = new Uri(origin),
                Timeout = TimeSpan.FromSeconds(30),
            };
            return new DashboardHost(app, client, origin + (settings.PathBase ?? "") + settings.Prefix.TrimEnd('/'), tasks);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A dashboard path (below the prefix) as a URL.</summary>
    public string Url(string path) => Root + path;

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(path));
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        using var response = await Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a form as the page <paramref name="page"/> would (its antiforgery token and cookie), or with no token.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? page = "/queues", bool withToken = true)
    {
        var form = fields.ToList();
        if (withToken && page is not null)
        {
            var (_, html) = await GetAsync(page);
            var token = TokenPattern().Match(html);
            if (!token.Success) throw new InvalidOperationException($"Page {page} has no antiforgery token.");
            form.Add(new(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value)));
        }
        return await Client.PostAsync(Url(path), new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> PostAsync(string path, params (string Key, string Value)[] fields)
        => PostAsync(path, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    [GeneratedRegex("name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await App.StopAsync(stop.Token); } catch (OperationCanceledException) { }
        await App.DisposeAsync();
    }
}
