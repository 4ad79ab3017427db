using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Jobs.Conformance;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Jobs.Sqlite.Tests.Http;

/// <summary>
/// The built-in webhook task jobs.http, run by a real worker against Kestrel servers on loopback addresses. The task
/// is store-independent (it runs no SQL of its own: it is a task handler like any other, and retries and failures go
/// through the engine that every store's conformance suite covers), so one store runs these tests: SQLite.
/// </summary>
public sealed class SqliteHttpTaskTests : ConformanceBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private const string Key = "test-callback-key";

    protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync();

    /// <summary>A worker whose jobs.http allows 127.0.0.1 only and signs callbacks with <see cref="Key"/>.</summary>
    private Task StartHttpWorkerAsync() => StartWorkerAsync(jobs: o => o.AddHttpTask(h => { h.AllowHosts("127.0.0.1"); h.CallbackKey = Key; }));

    private static EnqueueOptions Retries(int max) => new() { MaxRetries = max, RetryBackoff = TimeSpan.FromMilliseconds(20) };

    private static Task Answer(HttpContext ctx, int status, string? body = null, string? type = "text/plain")
    {
        ctx.Response.StatusCode = status;
        if (type is not null) ctx.Response.ContentType = type;
        return body is null ? Task.CompletedTask : ctx.Response.WriteAsync(body);
    }

    [Fact]
    public async Task A_request_succeeds_with_its_status_selected_headers_and_body_after_a_checked_redirect()
    {
        await using var server = await TestWebServer.StartAsync("127.0.0.1", async (ctx, req) =>
        {
            switch (ctx.Request.Path.Value)
            {
                case "/moved": ctx.Response.Headers.Location = "/hook"; await Answer(ctx, 307); break;
                case "/hook":
                    ctx.Response.Headers.ETag = "\"v1\"";
                    ctx.Response.Headers["X-Request-Id"] = "r-1";
                    ctx.Response.Headers["X-Not-Asked"] = "no";
                    await Answer(ctx, 201, "{\"ok\":true}", "application/json");
                    break;
                case "/big": ctx.Response.ContentLength = 100_000; await Answer(ctx, 200, new string('a', 100_000)); break;
                case "/binary": ctx.Response.ContentType = "application/octet-stream"; await ctx.Response.Body.WriteAsync(new byte[] { 0xff, 0x00, 0xfe }); break;
                default: await Answer(ctx, 404); break;
            }
        });
        await StartHttpWorkerAsync();

        var r = await Client.EnqueueHttpAsync(new HttpRequestArgs(server.Url("/moved"))
        {
            Json = new { order = 42 }, Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer t" }, ResponseHeaders = ["X-Request-Id"],
        });
        var result = await r.GetAsync<HttpTaskResult>(Wait);
        Assert.NotNull(result);
        Assert.Equal(201, result.Status);
        Assert.Equal("Created", result.Reason);
        Assert.Equal(server.Url("/hook"), result.Url);
        Assert.Equal("{\"ok\":true}", result.Body);
        Assert.False(result.BodyTruncated);
        Assert.Equal("\"v1\"", result.Headers["etag"]);
        Assert.Equal("r-1", result.Headers["x-request-id"]);
        Assert.Equal("application/json", result.Headers["content-type"]);
        Assert.False(result.Headers.ContainsKey("x-not-asked"));
        Assert.Null(result.Callback);

        // 307 keeps the method, body and (same host) headers.
        var hook = Assert.Single(server.Received, q => q.Path == "/hook");
        Assert.Equal("POST", hook.Method);
        Assert.Equal("{\"order\":42}", Encoding.UTF8.GetString(hook.Body));
        Assert.StartsWith("application/json", hook.Headers["Content-Type"]);
        Assert.Equal("Bearer t", hook.Headers["Authorization"]);
        Assert.Equal(1, server.Count("/moved"));

        // The stored result is plain JSON with fixed names, for any language.
        var stored = (await r.GetInfoAsync())!.Result!;
        Assert.Contains("\"status\":201", stored);
        Assert.Contains("\"bodyTruncated\":false", stored);

        var big = await (await Client.EnqueueHttpAsync(new HttpRequestArgs(server.Url("/big")))).GetAsync<HttpTaskResult>(Wait);
        Assert.True(big!.BodyTruncated);
        Assert.Equal(64 * 1024, big.Body!.Length);
        Assert.Equal("100000", big.Headers["content-length"]);

        var binary = await (await Client.EnqueueHttpAsync(new HttpRequestArgs(server.Url("/binary")))).GetAsync<HttpTaskResult>(Wait);
        Assert.Null(binary!.Body);
        Assert.Equal(Convert.ToBase64String([0xff, 0x00, 0xfe]), binary.BodyBase64);
    }

    [Fact]
    public async Task A_503_and_a_429_are_retried_with_backoff_until_the_server_answers()
    {
        var calls = 0;
        await using var server = await TestWebServer.StartAsync("127.0.0.1", (ctx, _) =>
        {
            switch (Interlocked.Increment(ref calls))
            {
                case 1: return Answer(ctx, 503, "busy");
                case 2: ctx.Response.Headers.RetryAfter = "0"; return Answer(ctx, 429);
                default: return Answer(ctx, 200, "done");
            }
        });
        await StartHttpWorkerAsync();

        var r = await Client.EnqueueHttpAsync(new HttpRequestArgs(server.Url("/flaky")), Retries(3));
        var result = await r.GetAsync<HttpTaskResult>(Wait);
        Assert.Equal(200, result!.Status);
        Assert.Equal("done", result.Body);
        Assert.Equal(3, server.Count("/flaky"));

        var attempts = await r.GetAttemptsAsync();
        Assert.Equal([JobState.Retry, JobState.Retry, JobState.Success], attempts.Select(a => a.State));
        Assert.StartsWith($"HttpStatusException: GET {server.Url("/flaky")} answered 503 Service Unavailable (accepted: 2xx; retried while retries remain). Body: busy",
            attempts[0].Error);
        Assert.StartsWith($"HttpStatusException: GET {server.Url("/flaky")} answered 429 Too Many Requests", attempts[1].Error);
    }

    [Fact]
    public async Task A_timeout_and_a_refused_connection_are_retried()
    {
        var calls = 0;
        await using var server = await TestWebServer.StartAsync("127.0.0.1", async (ctx, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                // Hang until the worker gives up on the request (its timeout) and closes it.
                try { await Task.Delay(Timeout.Infinite, ctx.RequestAborted); } catch (OperationCanceledException) { }
                return;
            }
            await Answer(ctx, 200, "late but fine");
        });
        await StartHttpWorkerAsync();

        var slow = await Client.EnqueueHttpAsync(new HttpRequestArgs(server.Url("/slow")) { Timeout = TimeSpan.FromSeconds(1) }, Retries(4));
        Assert.Equal("late but fine", (await slow.GetAsync<HttpTaskResult>(Wait))!.Body);
        var attempts = await slow.GetAttemptsAsync();
        // Only the first request hangs; a later one could time out too on a badly loaded machine, hence no exact count.
        Assert.Equal(JobState.Retry, attempts[0].State);
        Assert.Equal($"HttpTransportException: GET {server.Url("/slow")} timed out after 1s.", attempts[0].Error);
        Assert.Equal(JobState.Success, attempts[^1].State);
        Assert.Equal(attempts.Count, server.Count("/slow"));

        var closed = FreePort();
        var refused = await Client.EnqueueHttpAsync(new HttpRequestArgs($"http://127.0.0.1:{closed}/x"), Retries(1));
        var job = await refused.WaitAsync(Wait);
        Assert.Equal(JobState.Failure, job.State);
        Assert.Equal(2, job.Attempt);
        Assert.StartsWith($"HttpTransportException: GET http://127.0.0.1:{closed}/x failed: ", job.Error);
        Assert.Equal([JobState.Retry, JobState.Failure], (await refused.GetAttemptsAsync()).Select(a => a.State));
    }

    [Fact]
    public async Task A_4xx_fails_at_once_with_a_clear_error_and_retries_of_a_5xx_run_out()
    {
        await using var server = await TestWebServer.StartAsync("127.0.0.1", (ctx, _) => ctx.Request.Path.Value switch
        {
            "/missing" => Answer(ctx, 404, "no such hook"),
            "/broken" => Answer(ctx, 500),
            _ => Answer(ctx, 200),
        });
        await StartHttpWorkerAsync();

        var missing = await Client.EnqueueHttpAsync(new HttpRequestArgs(server.Url("/missing?token=secret")), Retries(3));
        var job = await missing.WaitAsync(Wait);
        Assert.Equal(JobState.Failure, job.State);
        Assert.Equal(1, job.Attempt);
        Assert.Equal($"HttpStatusException: GET {server.Url("/missing")}?… answered 404 Not Found (accepted: 2xx; not retried: the request itself is refused). Body: no such hook",
            job.Error);
        Assert.Equal(1, server.Count("/missing?token=secret"));

        // A job that accepts 404 succeeds with it.
        var accepted = await Client.EnqueueHttpAsync(new HttpRequestArgs(server.Url("/missing")) { AcceptStatus = ["2xx", "404"] });
        Assert.Equal(404, (await accepted.GetAsync<HttpTaskResult>(Wait))!.Status);

        var broken = await Client.EnqueueHttpAsync(new HttpRequestArgs(server.Url("/broken")), Retries(1));
        var failed = await broken.WaitAsync(Wait);
        Assert.Equal(JobState.Failure, failed.State);
        Assert.Equal(2, failed.Attempt);
        Assert.StartsWith($"HttpStatusException: GET {server.Url("/broken")} answered 500 Internal Server Error", failed.Error);
        Assert.Equal(2, server.Count("/broken"));

        // Bad arguments (here from another language, as JSON text) fail at once too.
        var bad = await Client.EnqueueAsync(HttpTask.Name, """{"url": "http://127.0.0.1/", "json": {}, "body": "x"}""");
        var badJob = await bad.WaitAsync(Wait);
        Assert.Equal(JobState.Failure, badJob.State);
        Assert.Equal("JobArgumentsException: Arguments for task 'jobs.http' are invalid: give either 'json' or 'body', not both.", badJob.Error);
    }

    [Fact]
    public async Task The_outcome_is_posted_to_the_callback_signed_and_the_receiver_detects_tampering()
    {
        var callbacks = new System.Collections.Concurrent.ConcurrentQueue<(ReceivedRequest Request, bool Verified)>();
        await using var server = await TestWebServer.StartAsync("127.0.0.1", (ctx, req) =>
        {
            switch (ctx.Request.Path.Value)
            {
                case "/hook": return Answer(ctx, 200, "fine");
                case "/missing": return Answer(ctx, 404, "gone");
                case "/callback":
                    var verified = VerifiedByReceiver(req);
                    callbacks.Enqueue((req, verified));
                    return Answer(ctx, verified ? 204 : 401);
                default: return Answer(ctx, 404);
            }
        });
        await StartHttpWorkerAsync();

        var r = await Client.EnqueueHttpAsync(new HttpRequestArgs(server.Url("/hook")) { CallbackUrl = server.Url("/callback") });
        var result = await r.GetAsync<HttpTaskResult>(Wait);
        Assert.Equal(new HttpCallbackReport { Url = server.Url("/callback"), Status = 204, Delivered = true, Attempts = 1 }, result!.Callback);
        var (callback, ok) = Assert.Single(callbacks);
        Assert.True(ok, "the receiver could not verify the signature");
        Assert.Equal("POST", callback.Method);
        var payload = JsonSerializer.Deserialize<HttpCallbackPayload>(callback.Body)!;
        Assert.Equal(r.Id, payload.JobId);
        Assert.Equal(JobState.Success, payload.State);
        Assert.Equal("fine", payload.Result!.Body);
        Assert.Null(payload.Error);

        // Tampering: the same headers with another body, or another timestamp, are refused by the receiver.
        using var http = new HttpClient();
        async Task<HttpStatusCode> ReplayAsync(byte[] body, string timestamp)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, server.Url("/callback")) { Content = new ByteArrayContent(body) };
            request.Headers.Add(HttpCallbackSignature.SignatureHeader, callback.Headers[HttpCallbackSignature.SignatureHeader]);
            request.Headers.Add(HttpCallbackSignature.TimestampHeader, timestamp);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
        var timestamp = callback.Headers[HttpCallbackSignature.TimestampHeader];
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(callback.Body).Replace("\"fine\"", "\"evil\""));
        Assert.NotEqual(callback.Body, tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, await ReplayAsync(tampered, timestamp));
        Assert.Equal(HttpStatusCode.Unauthorized, await ReplayAsync(callback.Body, (long.Parse(timestamp) + 1).ToString()));
        Assert.Equal(HttpStatusCode.NoContent, await ReplayAsync(callback.Body, timestamp)); // untouched: still valid (receivers dedupe within the tolerance)
        Assert.False(HttpCallbackSignature.Verify(Key, callback.Headers[HttpCallbackSignature.SignatureHeader], timestamp, tampered, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));

        // A job that fails reports its failure to the callback too.
        var failing = await Client.EnqueueHttpAsync(new HttpRequestArgs(server.Url("/missing")) { CallbackUrl = server.Url("/callback") });
        Assert.Equal(JobState.Failure, (await failing.WaitAsync(Wait)).State);
        var last = callbacks.Last();
        Assert.True(last.Verified);
        var failure = JsonSerializer.Deserialize<HttpCallbackPayload>(last.Request.Body)!;
        Assert.Equal(failing.Id, failure.JobId);
        Assert.Equal(JobState.Failure, failure.State);
        Assert.StartsWith("HttpStatusException: GET ", failure.Error);
        Assert.Equal(404, failure.Result!.Status);
    }

    /// <summary>What a receiver does, written out without the library: HMAC-SHA256 over "timestamp.body", constant-time compare, fresh timestamp.</summary>
    private static bool VerifiedByReceiver(ReceivedRequest req)
    {
        if (!req.Headers.TryGetValue("X-Jobs-Signature", out var signature) || !req.Headers.TryGetValue("X-Jobs-Timestamp", out var timestamp)) return false;
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(timestamp)) > 300) return false;
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), (byte[])[.. Encoding.ASCII.GetBytes(timestamp + "."), .. req.Body]));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    [Fact]
    public async Task Urls_outside_the_allow_list_fail_without_any_request_reaching_them()
    {
        // 127.0.0.2 stands for another host: the worker allows 127.0.0.1 only.
        await using var other = await TestWebServer.StartAsync("127.0.0.2", (ctx, _) => Answer(ctx, 200, "reached"));
        await using var server = await TestWebServer.StartAsync("127.0.0.1", (ctx, _) =>
        {
            if (ctx.Request.Path == "/to-other") ctx.Response.Headers.Location = other.Url("/stolen");
            return Answer(ctx, ctx.Request.Path == "/to-other" ? 302 : 200);
        });
        await StartHttpWorkerAsync();

        async Task<JobInfo> FailedAsync(HttpRequestArgs args)
        {
            var job = await (await Client.EnqueueHttpAsync(args, Retries(3))).WaitAsync(Wait);
            Assert.Equal(JobState.Failure, job.State);
            Assert.Equal(1, job.Attempt);
            return job;
        }

        Assert.Equal($"HttpUrlRefusedException: The URL '{other.Url("/direct")}' is refused: host '127.0.0.2' is not in the worker's jobs.http allow-list (127.0.0.1).",
            (await FailedAsync(new HttpRequestArgs(other.Url("/direct")))).Error);
        Assert.Equal($"HttpUrlRefusedException: The redirect target '{other.Url("/stolen")}' is refused: host '127.0.0.2' is not in the worker's jobs.http allow-list (127.0.0.1).",
            (await FailedAsync(new HttpRequestArgs(server.Url("/to-other")))).Error);
        Assert.Equal(1, server.Count("/to-other"));
        var port = new Uri(server.Origin).Port;
        Assert.Equal($"HttpUrlRefusedException: The URL 'ftp://127.0.0.1:{port}/x' is refused: scheme 'ftp' is not allowed (only http and https).",
            (await FailedAsync(new HttpRequestArgs($"ftp://127.0.0.1:{port}/x"))).Error);
        Assert.Equal("HttpUrlRefusedException: The URL 'file:///etc/passwd' is refused: scheme 'file' is not allowed (only http and https).",
            (await FailedAsync(new HttpRequestArgs("file:///etc/passwd"))).Error);
        // A refused callback URL fails the job before its request is made.
        Assert.StartsWith($"HttpUrlRefusedException: The callback URL '{other.Url("/cb")}' is refused",
            (await FailedAsync(new HttpRequestArgs(server.Url("/fine")) { CallbackUrl = other.Url("/cb") })).Error);
        Assert.Equal(0, server.Count("/fine"));

        Assert.Empty(other.Received);
        // The other server was listening all along: a direct request reaches it.
        using var http = new HttpClient();
        Assert.Equal("reached", await http.GetStringAsync(other.Url("/control")));
        Assert.Single(other.Received);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
