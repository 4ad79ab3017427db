using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Core.Tests;

public sealed class JobNamesTests
{
    /// <summary>Names the repository's tests, samples, README and bench use: all must stay valid.</summary>
    [Theory]
    [InlineData("default")] [InlineData("mail")] [InlineData("emails")] [InlineData("high-priority")] [InlineData("reports")]
    [InlineData("reports.generate")] [InlineData("jobs.http")] [InlineData("jobs.map")] [InlineData("policy.retry_for")]
    [InlineData("test.limit.report_plain")] [InlineData("a")] [InlineData("q1")] [InlineData("tenant:42")] [InlineData("MyApp.Tasks.SendEmail")]
    [InlineData("_private")] [InlineData("2fast")]
    public void Names_in_use_are_valid_queue_and_task_names(string name)
    {
        Assert.True(JobNames.IsValidQueue(name));
        Assert.True(JobNames.IsValidTask(name));
        Assert.Equal(name, JobNames.ValidateQueue(name));
    }

    public static TheoryData<string, string> BadNames => new()
    {
        { "x\"; drop table job; --", "a quote is not allowed" },
        { "x y", "a space is not allowed" },
        { "x\ty", "a tab is not allowed" },
        { "x\ny", "a line break is not allowed" },
        { "x\0y", "a NUL character is not allowed" },
        { "x;y", "a semicolon is not allowed" },
        { "x'y", "a quote is not allowed" },
        { "\u00e9t\u00e9", "it must begin with a letter, a digit or '_'" },
        { "-x", "it must begin with a letter, a digit or '_'" },
        { "x/y", "'/' is not allowed" },
        { "", "a name is required" },
        { new string('q', JobNames.MaxTaskLength + 1), $"it is {JobNames.MaxTaskLength + 1} characters long, the limit is " },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public void Bad_names_are_refused_with_the_name_and_the_reason(string name, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => JobNames.ValidateQueue(name));
        Assert.StartsWith("Queue name '", ex.Message);
        Assert.Contains(reason, ex.Message);
        Assert.DoesNotContain('\0', ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.False(JobNames.IsValidTask(name));
        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => JobNames.ValidateTask(name)).Message);
    }

    [Fact]
    public void The_message_shows_the_name_with_control_characters_escaped()
    {
        Assert.StartsWith("Queue name 'x y' is invalid: a space is not allowed;",
            Assert.Throws<ArgumentException>(() => JobNames.ValidateQueue("x y")).Message);
        Assert.StartsWith("Task name 'a\\nb' is invalid: a line break",
            Assert.Throws<ArgumentException>(() => JobNames.ValidateTask("a\nb")).Message);
    }

    [Fact]
    public void Queue_names_are_shorter_than_task_names()
    {
        var name = new string('q', JobNames.MaxQueueLength + 1);
        Assert.True(JobNames.IsValidTask(name));
        Assert.Contains("the limit is 128", Assert.Throws<ArgumentException>(() => JobNames.ValidateQueue(name)).Message);
    }

    [Theory]
    [InlineData("jobs")] [InlineData("t_0123456789ab")] [InlineData("Mixed_Case")] [InlineData("_x")]
    public void Schema_names_are_plain_identifiers(string schema) => Assert.Equal(schema, SchemaName.Validate(schema));

    [Theory]
    [InlineData("x\"; drop table job; --")] [InlineData("we\"ird")] [InlineData("a b")] [InlineData("a-b")] [InlineData("a.b")] [InlineData("1abc")]
    [InlineData("")] [InlineData("s\0")]
    public void Schema_names_that_need_quoting_are_refused(string schema)
    {
        var ex = Assert.Throws<ArgumentException>(() => SchemaName.Validate(schema));
        Assert.StartsWith("Schema name '", ex.Message);
        Assert.False(JobNames.IsValidSchema(schema));
        Assert.Throws<ArgumentException>(() => SchemaName.Validate(new string('s', JobNames.MaxSchemaLength + 1)));
    }

    [Fact]
    public void Registration_workers_queues_and_schedules_refuse_bad_names()
    {
        var o = new JobsOptions();
        const string bad = "x\"; drop table job; --";
        Assert.Contains("Task name", Assert.Throws<ArgumentException>(() => o.AddTask<int, int>(bad, (a, _) => Task.FromResult(a))).Message);
        Assert.Contains("Task name", Assert.Throws<ArgumentException>(() => o.AddRemoteTask("a b")).Message);
        Assert.Contains("Queue name 'x y'", Assert.Throws<ArgumentException>(() => o.AddWorker(w => w.Queues = ["default", "x y"])).Message);
        Assert.Contains("Queue name", Assert.Throws<ArgumentException>(() => o.ConfigureQueue("a\tb", q => q.ConcurrencyLimit = 1)).Message);
        Assert.Contains("Schedule name", Assert.Throws<ArgumentException>(() => o.AddSchedule("nightly report", "reports.generate", null, s => s.Cron = "0 3 * * *")).Message);
        Assert.Contains("Task name", Assert.Throws<ArgumentException>(() => o.AddSchedule("nightly", bad, null, s => s.Cron = "0 3 * * *")).Message);
        Assert.Contains("Queue name", Assert.Throws<ArgumentException>(() => o.AddSchedule("nightly", "reports.generate", null, s => { s.Cron = "0 3 * * *"; s.Queue = "a;b"; })).Message);
        Assert.Contains("Queue name", Assert.Throws<ArgumentException>(() => o.DefaultQueue = "my queue").Message);
        Assert.Equal("default", o.DefaultQueue);
        Assert.Empty(o.Tasks.Names);
        Assert.Empty(o.Workers);
        Assert.Empty(o.Schedules);
    }

    [Fact]
    public async Task The_client_refuses_bad_task_and_queue_names_before_the_store()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddJobs(o => { o.UseStore(_ => new FakeStore()); o.AddRemoteTask("remote.t"); });
        await using var sp = services.BuildServiceProvider();
        var client = sp.GetRequiredService<IJobClient>();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueAsync("x\"; drop table job; --"));
        Assert.StartsWith("Task name 'x\"; drop table job; --' is invalid: a quote is not allowed", ex.Message);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueAsync("remote.t", null, new EnqueueOptions { Queue = "x y" }));
        Assert.StartsWith("Queue name 'x y' is invalid", ex.Message);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueManyAsync([new JobRequest("remote.t", null), new JobRequest("remote.t", null, new EnqueueOptions { Queue = "q\0" })]));
        Assert.StartsWith("Queue name 'q\\0' is invalid: a NUL character", ex.Message);
        // FakeStore refuses every insert: reaching it shows a valid job passed the checks.
        await Assert.ThrowsAsync<NotSupportedException>(() => client.EnqueueAsync("remote.t", null, new EnqueueOptions { Queue = "high-priority" }));
    }
}
