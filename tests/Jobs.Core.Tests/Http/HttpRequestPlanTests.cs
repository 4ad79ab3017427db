using System.Text;
using System.Text.Json;
using Xunit;

namespace Jobs.Core.Tests.Http;

/// <summary>The args JSON other languages write, as the worker reads and checks it.</summary>
public sealed class HttpRequestPlanTests
{
    private static readonly HttpTaskOptions Options = new HttpTaskOptions().AllowHosts("api.example.com");

    private static HttpRequestPlan Plan(string json)
        => HttpRequestPlan.From(JsonSerializer.Deserialize<HttpRequestArgs>(json, HttpTask.Json)!, Options, HttpUrlPolicy.From(Options));

    [Fact]
    public void The_documented_json_reads_into_a_plan()
    {
        var plan = Plan("""
            {"url": "https://api.example.com/hooks/order", "method": "put", "headers": {"Authorization": "Bearer t", "Content-Type": "application/vnd.x+json"},
             "json": {"id": 42, "items": ["a"]}, "timeout": 2.5, "acceptStatus": ["2xx", 409], "responseHeaders": ["X-Request-Id"],
             "followRedirects": false, "callbackUrl": "https://api.example.com/done"}
            """);
        Assert.Equal(HttpMethod.Put, plan.Method);
        Assert.Equal("https://api.example.com/hooks/order", plan.Url.AbsoluteUri);
        Assert.Equal("""{"id": 42, "items": ["a"]}""", Encoding.UTF8.GetString(plan.Body!));
        Assert.Equal("application/vnd.x+json", plan.ContentType!.MediaType);
        Assert.Equal([new("Authorization", "Bearer t")], plan.Headers);
        Assert.Equal(TimeSpan.FromSeconds(2.5), plan.Timeout);
        Assert.True(plan.Accept.IsAccepted(409));
        Assert.Contains("x-request-id", plan.RecordHeaders!);
        Assert.Contains("etag", plan.RecordHeaders!);
        Assert.False(plan.FollowRedirects);
    }

    [Fact]
    public void Defaults_are_get_without_body_post_with_one_the_workers_timeout_and_2xx()
    {
        var get = Plan("""{"url": "https://api.example.com/"}""");
        Assert.Equal(HttpMethod.Get, get.Method);
        Assert.Null(get.Body);
        Assert.Equal(Options.DefaultTimeout, get.Timeout);
        Assert.True(get.FollowRedirects);
        var post = Plan("""{"url": "https://api.example.com/", "body": "hello"}""");
        Assert.Equal(HttpMethod.Post, post.Method);
        Assert.Equal("text/plain", post.ContentType!.MediaType);
        Assert.Equal("utf-8", post.ContentType.CharSet);
        Assert.Null(Plan("""{"url": "https://api.example.com/", "responseHeaders": ["*"]}""").RecordHeaders);
    }

    [Fact]
    public void The_client_records_json_round_trips_with_the_apps_own_json_options()
    {
        var app = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseUpper };
        var json = JsonSerializer.Serialize(new HttpRequestArgs("https://api.example.com/x")
        {
            Json = new { OrderId = 7 }, Timeout = TimeSpan.FromSeconds(3), AcceptStatus = ["2xx", "404"], CallbackUrl = "https://api.example.com/cb",
        }, app);
        Assert.Contains("\"url\":", json);
        Assert.Contains("\"timeout\":3", json);
        Assert.Contains("\"acceptStatus\":[\"2xx\",404]", json);
        var plan = Plan(json);
        Assert.Equal(TimeSpan.FromSeconds(3), plan.Timeout);
        Assert.True(plan.Accept.IsAccepted(404));
        Assert.Equal("{\"ORDER_ID\":7}", Encoding.UTF8.GetString(plan.Body!)); // the body keeps the app's own naming
    }

    [Theory]
    [InlineData("""{"method": "GET"}""", "'url' is required")]
    [InlineData("""{"url": "https://api.example.com/", "json": {}, "body": "x"}""", "either 'json' or 'body'")]
    [InlineData("""{"url": "https://api.example.com/", "method": "GE T"}""", "not a valid HTTP method")]
    [InlineData("""{"url": "https://api.example.com/", "headers": {"Host": "evil"}}""", "header 'Host' is set by the worker")]
    [InlineData("""{"url": "https://api.example.com/", "headers": {"X-A": "a\r\nX-B: b"}}""", "line break")]
    [InlineData("""{"url": "https://api.example.com/", "timeout": 3600}""", "exceeds the worker's jobs.http MaxTimeout of 300s")]
    [InlineData("""{"url": "https://api.example.com/", "contentType": "text/plain"}""", "no body")]
    public void Bad_arguments_are_argument_errors(string json, string why)
        => Assert.Contains(why, Assert.Throws<JobArgumentsException>(() => Plan(json)).Message);

    [Theory]
    [InlineData("""{"url": "https://api.example.com/", "heders": {}}""")]
    [InlineData("""{"url": "https://api.example.com/", "timeout": "10s"}""")]
    [InlineData("""{"url": "https://api.example.com/", "acceptStatus": [true]}""")]
    public void Unknown_names_and_bad_types_do_not_read(string json)
        => Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<HttpRequestArgs>(json, HttpTask.Json));

    [Fact]
    public void A_workflow_step_is_an_immutable_jobs_http_signature()
    {
        var step = new HttpRequestArgs("https://api.example.com/").Signature(new EnqueueOptions { Queue = "hooks" });
        Assert.Equal(HttpTask.Name, step.Task);
        Assert.True(step.IsImmutable);
        Assert.Equal("hooks", step.Options!.Queue);
    }
}
