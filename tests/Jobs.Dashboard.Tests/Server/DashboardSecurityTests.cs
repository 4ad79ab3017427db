using System.Net;
using System.Text.RegularExpressions;
using Jobs.Dashboard.Tests.Infrastructure;
using Xunit;

namespace Jobs.Dashboard.Tests.Server;

/// <summary>Security by default: local requests only, the policy hook, read-only mode, per-action permissions, redaction, the path prefix.</summary>
public abstract partial class DashboardSecurityTests(string kind) : IAsyncLifetime
{
    /// <summary>Every write endpoint, with the permission it needs.</summary>
    private static readonly (string Path, DashboardPermissions Needs)[] Writes =
    [
        ("/jobs/retry", DashboardPermissions.Retry), ("/jobs/revoke", DashboardPermissions.Revoke), ("/jobs/delete", DashboardPermissions.Delete),
        ("/queues/default/pause", DashboardPermissions.Pause), ("/queues/default/resume", DashboardPermissions.Pause),
        ("/limits", DashboardPermissions.Limits), ("/schedules", DashboardPermissions.Schedules),
        ("/schedules/x/enable", DashboardPermissions.Schedules), ("/schedules/x/disable", DashboardPermissions.Schedules),
        ("/schedules/x/trigger", DashboardPermissions.Schedules), ("/schedules/x/remove", DashboardPermissions.Schedules),
    ];

    private static readonly string[] Pages = ["/", "/jobs", "/queues", "/workers", "/schedules", "/events"];

    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(kind);
    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<DashboardHost> HostAsync(HostSettings settings) => DashboardHost.StartAsync(_db, settings with { Worker = false });

    [Fact]
    public async Task RequestsFromOtherMachinesAreRefusedUntilConfigured()
    {
        await using (var host = await HostAsync(new HostSettings { FakeRemoteAddress = true }))
        {
            foreach (var page in Pages.Append("/stream").Append("/assets/dashboard.css"))
            {
                var (status, body) = await host.GetAsync(page, ("X-Test-Remote-Address", "203.0.113.9"));
                Assert.Equal(HttpStatusCode.Forbidden, status);
                Assert.Contains("local requests only", body);
            }
            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/")).Status); // loopback
        }
        await using (var open = await HostAsync(new HostSettings { FakeRemoteAddress = true, Dashboard = o => o.AllowRemoteRequests = true }))
            Assert.Equal(HttpStatusCode.OK, (await open.GetAsync("/", ("X-Test-Remote-Address", "203.0.113.9"))).Status);
    }

    [Fact]
    public async Task TheAuthorizationPolicyDecidesAndNamesTheUser()
    {
        await using var host = await HostAsync(new HostSettings
        {
            FakeRemoteAddress = true,
            Dashboard = o =>
            {
                o.AuthorizationPolicy = "jobs-viewers";
                o.Permissions = ctx => ctx.User.IsInRole("ops") ? DashboardPermissions.All : DashboardPermissions.View;
            },
            Services = s => Microsoft.Extensions.DependencyInjection.PolicyServiceCollectionExtensions.AddAuthorizationBuilder(s)
                .AddPolicy("jobs-viewers", p => p.RequireAuthenticatedUser()),
        });
        var remote = ("X-Test-Remote-Address", "203.0.113.9");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/", remote)).Status);
        var (status, viewer) = await host.GetAsync("/queues", remote, ("X-Test-User", "bob"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("method=\"post\"", viewer);
        var (_, ops) = await host.GetAsync("/queues", remote, ("X-Test-User", "alice"), ("X-Test-Role", "ops"));
        Assert.Contains("method=\"post\"", ops);
    }

    [Fact]
    public async Task ReadOnlyModeShowsNoActionsAndRefusesEveryWrite()
    {
        await using var host = await HostAsync(new HostSettings { Dashboard = o => o.ReadOnly = true });
        var job = (await host.Jobs.EnqueueAsync(TestTasks.Echo, new EchoArgs("ro", 1))).Id;
        await host.Admin.AddScheduleAsync("s", TestTasks.Echo, null, s => s.Cron = "0 3 * * *");
        foreach (var page in Pages.Append($"/jobs/{job}"))
        {
            var (status, body) = await host.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain("method=\"post\"", body);
            Assert.Contains("read-only", body);
        }
        foreach (var (path, _) in Writes)
        {
            var response = await host.PostAsync(path, [new("id", job.ToString())], page: null, withToken: false);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {response.StatusCode}");
        }
        Assert.Equal(JobState.Pending, (await host.Admin.GetJobAsync(job))!.Job.State);
    }

    [Fact]
    public async Task EachWriteNeedsItsOwnPermission()
    {
        foreach (var granted in new[] { DashboardPermissions.Retry, DashboardPermissions.Pause | DashboardPermissions.Schedules })
        {
            await using var host = await HostAsync(new HostSettings { Dashboard = o => o.Permissions = _ => DashboardPermissions.View | granted });
            foreach (var (path, needs) in Writes)
            {
                // Refused ones answer 403 before the token is looked at; allowed ones reach the token check (400 without one).
                var response = await host.PostAsync(path, [], page: null, withToken: false);
                var expected = granted.HasFlag(needs) ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden;
                Assert.True(response.StatusCode == expected, $"{granted}: {path} answered {response.StatusCode}, not {expected}");
            }
        }
        await using var none = await HostAsync(new HostSettings { Dashboard = o => o.Permissions = _ => DashboardPermissions.None });
        Assert.Equal(HttpStatusCode.Forbidden, (await none.GetAsync("/")).Status);
    }

    [Fact]
    public async Task TheRedactionHookHidesPayloads()
    {
        await using var host = await HostAsync(new HostSettings { Dashboard = o => o.RedactPayload = (_, task, json) => task == TestTasks.Echo ? "[hidden]" : json });
        var job = (await host.Jobs.EnqueueAsync(TestTasks.Echo, new EchoArgs("ACME", 1, Secret: "hunter2"))).Id;
        foreach (var page in new[] { $"/jobs/{job}", "/jobs" })
        {
            var (_, body) = await host.GetAsync(page);
            Assert.DoesNotContain("hunter2", body);
            Assert.Contains("[hidden]", body);
        }
    }

    [Fact]
    public async Task LinksFollowThePathBaseAndPrefix()
    {
        await using var host = await HostAsync(new HostSettings { PathBase = "/app", Prefix = "/ops/jobs" });
        Assert.EndsWith("/app/ops/jobs", host.Root);
        var (status, body) = await host.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, status);
        var links = HrefPattern().Matches(body).Select(m => m.Groups[1].Value).Where(h => h.StartsWith('/')).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, h => Assert.StartsWith("/app/ops/jobs", h));
        Assert.Contains("data-stream=\"/app/ops/jobs/stream\"", body);
        var response = await host.PostAsync("/queues/default/pause", [new("return", "/queues")]);
        Assert.StartsWith("/app/ops/jobs/queues?flash=", response.Headers.Location!.OriginalString);
        var escape = await host.PostAsync("/queues/default/resume", [new("return", "//evil.example/x")]);
        Assert.StartsWith("/app/ops/jobs/queues?flash=", escape.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("(?:href|src|action)=\"([^\"]+)\"")]
    private static partial Regex HrefPattern();
}

public sealed class SqliteDashboardSecurityTests() : DashboardSecurityTests("sqlite");

public sealed class PostgresDashboardSecurityTests() : DashboardSecurityTests("postgres");
