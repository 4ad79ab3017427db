using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Sqlite.Tests.Http;

/// <summary>One request a <see cref="TestWebServer"/> received.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A Kestrel server on a free port of a loopback address (127.0.0.1, or 127.0.0.2 to stand for another host), answering
/// with <paramref name="handle"/>; it records every request it receives before answering.
/// </summary>
public sealed class TestWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private TestWebServer(WebApplication app) => _app = app;

    /// <summary>The server's origin, e.g. http://127.0.0.1:41234.</summary>
    public string Origin { get; private set; } = "";

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public int Count(string path) => _received.Count(r => r.Path == path);

    public string Url(string path) => Origin + path;

    public static async Task<TestWebServer> StartAsync(string address, Func<HttpContext, ReceivedRequest, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{address}:0");
        var app = builder.Build();
        var server = new TestWebServer(app);
        app.Run(async ctx =>
        {
            using var body = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);
            var request = new ReceivedRequest(ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString,
                ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray());
            server._received.Enqueue(request);
            await handle(ctx, request);
        });
        try
        {
            await app.StartAsync();
            server.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
            return server;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await _app.StopAsync(stop.Token); } catch (OperationCanceledException) { }
        await _app.DisposeAsync();
    }
}
