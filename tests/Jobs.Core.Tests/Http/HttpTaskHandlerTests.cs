using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Core.Tests.Http;

/// <summary>What the jobs.http handler refuses before any request is made (the worker path is in Jobs.Sqlite.Tests).</summary>
public sealed class HttpTaskHandlerTests
{
    private static Task<string> RunAsync(HttpTaskOptions options, string argsJson)
    {
        var handler = new HttpTaskHandler(options, new JobsOptions());
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var context = new JobContext(Guid.CreateVersion7(), HttpTask.Name, "default", 1, 4, "w1", services, CancellationToken.None);
        return handler.InvokeAsync(argsJson, context, new JobSerializer(new JobsOptions().Json));
    }

    [Fact]
    public async Task A_callback_without_a_signing_key_on_the_worker_fails_the_job()
    {
        var ex = await Assert.ThrowsAsync<HttpUrlRefusedException>(() => RunAsync(new HttpTaskOptions().AllowHosts("api.example.com"),
            """{"url": "https://api.example.com/x", "callbackUrl": "https://api.example.com/cb"}"""));
        Assert.Contains("no CallbackKey", ex.Message);
    }

    [Fact]
    public async Task Unreadable_arguments_are_argument_errors()
    {
        var options = new HttpTaskOptions().AllowHosts("api.example.com");
        Assert.Contains("'heders'", (await Assert.ThrowsAsync<JobArgumentsException>(() => RunAsync(options, """{"url": "https://api.example.com/", "heders": {}}"""))).Message);
        Assert.Contains("not null", (await Assert.ThrowsAsync<JobArgumentsException>(() => RunAsync(options, "null"))).Message);
        await Assert.ThrowsAsync<JobArgumentsException>(() => RunAsync(options, "[1]"));
    }

    [Fact]
    public void Registration_validates_the_options_and_makes_jobs_http_known_everywhere()
    {
        Assert.True(new JobsOptions().Tasks.IsKnown(HttpTask.Name)); // a client may enqueue it without registering it
        Assert.Throws<ArgumentException>(() => new JobsOptions().AddHttpTask(h => h.DefaultTimeout = TimeSpan.FromHours(1)));
        Assert.Throws<ArgumentException>(() => new JobsOptions().AddHttpTask(h => h.CallbackKey = ""));
        var jobs = new JobsOptions().AddHttpTask(h => h.AllowHosts("api.example.com"), t => t.MaxRetries = 7);
        Assert.True(jobs.Tasks.TryGet(HttpTask.Name, out var handler));
        Assert.Equal(7, handler.Policy.MaxRetries);
        Assert.Empty(handler.Policy.RetryFor!); // only the task's own Retry() retries
        Assert.Throws<InvalidOperationException>(() => jobs.AddHttpTask(h => { }));
    }
}
