using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jobs.Storage;
using Xunit;

namespace Jobs.Conformance;

/// <summary>
/// Workflows (canvas): chains feed results forward, groups and chords aggregate in member order, links and errbacks,
/// failure propagation, revoke of a workflow, and the exactly-once release of a chord callback under concurrent completions.
/// </summary>
public abstract class CanvasConformance : ConformanceBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly EnqueueOptions Fast = new() { MaxRetries = 0 };

    /// <summary>Every call of canvas.record: its job id and its arguments.</summary>
    private readonly ConcurrentQueue<(Guid Id, string Args)> _recorded = new();
    /// <summary>Every run of canvas.sum (a chord callback): its job id.</summary>
    private readonly ConcurrentQueue<Guid> _sums = new();

    protected override void ConfigureClient(JobsOptions options) => RegisterCanvasTasks(options);

    private void RegisterCanvasTasks(JobsOptions o)
    {
        o.AddTask<int, int>("canvas.inc", (x, _) => Task.FromResult(x + 1));
        o.AddTask<int, int>("canvas.double", (x, _) => Task.FromResult(x * 2));
        o.AddTask<int[], int>("canvas.sum", (xs, ctx) => { _sums.Enqueue(ctx.Id); return Task.FromResult(xs.Sum()); });
        o.AddTask<JsonElement, int>("canvas.count", (xs, _) => Task.FromResult(xs.GetArrayLength()));
        o.AddTask<int, int>("canvas.flaky", (x, ctx) =>
        {
            Tasks.Runs.Enqueue((ctx.Id, ctx.Attempt));
            if (ctx.Attempt < 3) throw new TimeoutException($"flaky attempt {ctx.Attempt}");
            return Task.FromResult(x * 10);
        });
        o.AddTask<JsonElement, int>("canvas.fail", (_, _) => throw new InvalidOperationException("boom"));
        o.AddTask<JsonElement, string>("canvas.record", (a, ctx) => { _recorded.Enqueue((ctx.Id, a.GetRawText())); return Task.FromResult("recorded"); });
        // Celery-style tasks with positional and keyword arguments (see CallArgs).
        o.AddTask<AddArgs, int>("canvas.add", (a, _) => Task.FromResult(a.X + a.Y));
        o.AddTask<AddArgs, int>("canvas.mul", (a, _) => Task.FromResult(a.X * a.Y));
        o.AddTask<TsumArgs, int>("canvas.tsum", (a, _) => Task.FromResult(a.Numbers.Sum() + a.Offset));
    }

    private sealed record AddArgs(int X, int Y);
    private sealed record TsumArgs(int[] Numbers, int Offset = 0);

    private Task StartCanvasWorkerAsync() => StartWorkerAsync(w => w.Concurrency = 8, RegisterCanvasTasks);

    private static Signature S(string task, object? args = null) => new(task, args, Fast);

    /// <summary>A partial signature (a call): Celery's <c>task.s(args...)</c>.</summary>
    private static Signature C(string task, params object?[] args) => Workflow.Call(task, args).With(Fast);

    private static string Compact(string json) => JsonNode.Parse(json)!.ToJsonString();

    [Fact]
    public async Task A_chain_feeds_each_result_to_the_next_step_and_an_immutable_step_keeps_its_arguments()
    {
        await StartCanvasWorkerAsync();
        var chain = await Client.ApplyAsync(new Chain(S("canvas.inc", 1), S("canvas.inc"), S("canvas.double")));
        Assert.Equal(6, await chain.GetAsync<int>(Wait)); // (1 + 1 + 1) * 2

        var immutable = await Client.ApplyAsync(S("canvas.inc", 1).Then(S("canvas.inc", 10).Immutable()));
        Assert.Equal(11, await immutable.GetAsync<int>(Wait));

        // Every job of a workflow shares its root; the steps link to their parents.
        var jobs = await Client.GetJobsAsync(chain.JobIds);
        Assert.Equal(3, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(JobState.Success, j.State));
        Assert.Equal("3", jobs.Single(j => j.Id == chain.JobIds[2]).Args); // the previous result became the arguments
    }

    [Fact]
    public async Task A_partial_signature_gets_the_previous_result_prepended_to_its_arguments()
    {
        await StartCanvasWorkerAsync();
        // Celery: add.s(2, 2) | add.s(4) | add.s(8) → 16
        var chain = await Client.ApplyAsync(new Chain(C("canvas.add", 2, 2), C("canvas.add", 4), C("canvas.add", 8)));
        Assert.Equal(16, await chain.GetAsync<int>(Wait));
        var jobs = (await Client.GetJobsAsync(chain.JobIds)).ToDictionary(j => j.Id);
        Assert.Equal("""{"args":[2,2],"kwargs":{}}""", Compact(jobs[chain.JobIds[0]].Args));
        Assert.Equal("""{"args":[4,4],"kwargs":{}}""", Compact(jobs[chain.JobIds[1]].Args));
        Assert.Equal("""{"args":[8,8],"kwargs":{}}""", Compact(jobs[chain.JobIds[2]].Args));

        // A single-argument step still takes the result as its arguments; an immutable call keeps its own.
        var mixed = await Client.ApplyAsync(new Chain(C("canvas.add", 2, 2), S("canvas.inc"), C("canvas.inc"), C("canvas.add", 1, 1).Immutable()));
        Assert.Equal(2, await mixed.GetAsync<int>(Wait));
        var steps = (await Client.GetJobsAsync(mixed.JobIds)).ToDictionary(j => j.Id);
        Assert.Equal("4", steps[mixed.JobIds[1]].Args);
        Assert.Equal("""{"args":[5],"kwargs":{}}""", Compact(steps[mixed.JobIds[2]].Args));
        Assert.Equal(6, JsonSerializer.Deserialize<int>(steps[mixed.JobIds[2]].Result!));
        Assert.Equal("""{"args":[1,1],"kwargs":{}}""", Compact(steps[mixed.JobIds[3]].Args));

        // Keyword arguments travel beside the prepended result.
        var kw = await Client.ApplyAsync(C("canvas.add", 3, 4).Then(new Signature("canvas.add", new CallArgs([], new { y = 100 }), Fast)));
        Assert.Equal(107, await kw.GetAsync<int>(Wait));
        Assert.Equal("""{"args":[7],"kwargs":{"y":100}}""", Compact((await Client.GetJobsAsync([kw.JobIds[1]]))[0].Args));

        // A call that does not fit its task fails it with Python's TypeError in words.
        var tooMany = await Client.ApplyAsync(C("canvas.add", 1, 1).Then(C("canvas.add", 1, 1)));
        var ex = await Assert.ThrowsAsync<JobFailedException>(() => tooMany.GetAsync<int>(Wait));
        Assert.Equal("JobArgumentsException: Task 'canvas.add' takes 2 positional arguments (x, y) but 3 were given.", ex.Job.Error);
    }

    [Fact]
    public async Task A_workflow_applied_with_a_value_prepends_it_to_its_first_step()
    {
        await StartCanvasWorkerAsync();
        // Celery: c1 = (add.s(4) | mul.s(8)); c1(16) → 160
        var c1 = C("canvas.add", 4).Then(C("canvas.mul", 8));
        var applied = await Client.ApplyAsync(c1, 16);
        Assert.Equal(160, await applied.GetAsync<int>(Wait));
        Assert.Equal("""{"args":[16,4],"kwargs":{}}""", Compact((await Client.GetJobsAsync([applied.Id]))[0].Args));

        // Every member of a first group gets it; a single-argument member takes it as its arguments.
        var group = await Client.ApplyAsync(new Group(C("canvas.add", 1), S("canvas.double"), S("canvas.inc", 0).Immutable()), 10);
        Assert.Equal(new[] { 11, 20, 1 }, await group.GetAsync<int[]>(Wait));
    }

    [Fact]
    public async Task A_chord_over_partial_signatures_prepends_the_list_of_results_to_the_callback()
    {
        await StartCanvasWorkerAsync();
        // 2 → [add(2, 10), mul(2, 10)] = [12, 20] → tsum([12, 20], 100) = 132
        var workflow = await Client.ApplyAsync(new Chain(
            C("canvas.add", 1, 1),
            new Chord(new Group(C("canvas.add", 10), C("canvas.mul", 10)), C("canvas.tsum", 100))));
        Assert.Equal(132, await workflow.GetAsync<int>(Wait));
        var callback = (await workflow.Result!.GetInfoAsync())!;
        Assert.Equal("""{"args":[[12,20],100],"kwargs":{}}""", Compact(callback.Args));

        // A callback whose argument type is an array takes the list of results as it (Celery's tsum(numbers)).
        var sum = await Client.ApplyAsync(new Chord(new Group(C("canvas.add", 1, 1), C("canvas.add", 2, 2)), C("canvas.sum")));
        Assert.Equal(2 + 4, await sum.GetAsync<int>(Wait));

        // Applied with a value, the header members get it; a link_error call gets the failure prepended.
        var chord = await Client.ApplyAsync(new Chord(new Group(C("canvas.add", 1), C("canvas.add", 2)), C("canvas.tsum")), 5);
        Assert.Equal(6 + 7, await chord.GetAsync<int>(Wait));
        var failing = await Client.ApplyAsync(C("canvas.fail").LinkError(new Signature("canvas.record", new CallArgs(["tag"]), Fast)));
        await Assert.ThrowsAsync<JobFailedException>(() => failing.GetAsync<int>(Wait));
        var errback = failing.JobIds[1];
        await WaitUntilAsync(async () => (await Client.GetResult(errback).GetInfoAsync())!.IsReady, Wait, "the errback ran");
        using var recorded = JsonDocument.Parse(Assert.Single(_recorded, r => r.Id == errback).Args);
        var args = recorded.RootElement.GetProperty("args");
        Assert.Equal(2, args.GetArrayLength());
        Assert.Equal(failing.Id, args[0].GetProperty("id").GetGuid());
        Assert.Equal("InvalidOperationException: boom", args[0].GetProperty("error").GetString());
        Assert.Equal("tag", args[1].GetString());
    }

    [Fact]
    public async Task A_result_walks_its_chain_through_parent_and_children()
    {
        await StartCanvasWorkerAsync();
        var chain = await Client.ApplyAsync(new Chain(C("canvas.add", 2, 2), C("canvas.add", 4), C("canvas.add", 8)).Link(S("canvas.record")));
        Assert.Equal(16, await chain.GetAsync<int>(Wait));

        // Back from the last step, as Celery's res.parent.parent.
        var last = chain.Result!;
        var middle = (await last.GetParentAsync())!;
        var first = (await middle.GetParentAsync())!;
        Assert.Equal([chain.JobIds[2], chain.JobIds[1], chain.JobIds[0]], new[] { last.Id, middle.Id, first.Id });
        Assert.Null(await first.GetParentAsync());
        Assert.Equal(8, await middle.GetAsync<int>(Wait));

        // Forward through children: the next step, and the last step's link.
        Assert.Equal([middle.Id], (await first.GetChildrenAsync()).Select(c => c.Id));
        Assert.Equal([last.Id], (await middle.GetChildrenAsync()).Select(c => c.Id));
        var link = Assert.Single(await last.GetChildrenAsync());
        Assert.Equal(chain.JobIds[3], link.Id);
        Assert.Equal(last.Id, (await link.GetParentAsync())!.Id);
        Assert.Empty(await Client.GetResult(Guid.CreateVersion7()).GetChildrenAsync());
        Assert.Null(await Client.GetResult(Guid.CreateVersion7()).GetParentAsync());
    }

    [Fact]
    public async Task A_chain_step_that_fails_twice_then_succeeds_completes_the_chain_with_every_attempt_recorded()
    {
        await StartCanvasWorkerAsync();
        var flaky = new Signature("canvas.flaky", null, new EnqueueOptions { MaxRetries = 3, RetryBackoff = TimeSpan.FromMilliseconds(10) });
        var chain = await Client.ApplyAsync(new Chain(S("canvas.inc", 1), flaky, S("canvas.inc")));
        Assert.Equal(21, await chain.GetAsync<int>(Wait)); // (1 + 1) * 10 + 1

        var step2 = (await Client.GetResult(chain.JobIds[1]).GetInfoAsync())!;
        Assert.Equal(JobState.Success, step2.State);
        Assert.Equal(3, step2.Attempt);
        Assert.Equal([1, 2, 3], Tasks.Runs.Where(r => r.Id == step2.Id).Select(r => r.Attempt));
        var first = (await Client.GetResult(chain.JobIds[0]).GetInfoAsync())!;
        var last = (await Client.GetResult(chain.JobIds[2]).GetInfoAsync())!;
        Assert.Equal(1, first.Attempt);
        Assert.Equal(1, last.Attempt);
        Assert.Equal("20", last.Args);

        // The attempt history (table job_attempt) holds every attempt of every step.
        var attempts = await Client.GetResult(step2.Id).GetAttemptsAsync();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.Equal([JobState.Retry, JobState.Retry, JobState.Success], attempts.Select(a => a.State));
        Assert.Equal(["TimeoutException: flaky attempt 1", "TimeoutException: flaky attempt 2", null], attempts.Select(a => a.Error));
        Assert.Equal(JobState.Success, Assert.Single(await Client.GetResult(first.Id).GetAttemptsAsync()).State);
        Assert.Equal(JobState.Success, Assert.Single(await Client.GetResult(last.Id).GetAttemptsAsync()).State);
    }

    [Fact]
    public async Task A_group_returns_its_members_results_in_member_order()
    {
        await StartCanvasWorkerAsync();
        var group = await Workflow.Group("canvas.double", Enumerable.Range(0, 40).Select(i => (object?)i), Fast).ApplyAsync(Client);
        var results = await group.GetAsync<int>(Wait);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i * 2), results.Select(r => r));
        Assert.Equal(40, await group.CompletedCountAsync());
    }

    [Fact]
    public async Task A_chord_callback_runs_once_with_all_results_in_member_order()
    {
        await StartCanvasWorkerAsync();
        var chord = await new Chord(Workflow.Group("canvas.double", Enumerable.Range(0, 50).Select(i => (object?)i), Fast), S("canvas.sum")).ApplyAsync(Client);
        Assert.Equal(Enumerable.Range(0, 50).Sum() * 2, await chord.GetAsync<int>(Wait));
        var callback = (await chord.Result!.GetInfoAsync())!;
        Assert.Equal(JsonSerializer.Serialize(Enumerable.Range(0, 50).Select(i => i * 2)), callback.Args.Replace(" ", ""));
        Assert.Single(_sums, id => id == callback.Id);
    }

    [Fact]
    public async Task A_chain_of_groups_passes_each_groups_results_to_every_member_of_the_next()
    {
        await StartCanvasWorkerAsync();
        var workflow = await Client.ApplyAsync(new Chain(
            new Group(S("canvas.double", 1), S("canvas.double", 2), S("canvas.double", 3)),
            new Group(S("canvas.sum"), S("canvas.count")),
            S("canvas.sum")));
        Assert.Equal(12 + 3, await workflow.GetAsync<int>(Wait)); // [2,4,6] → [12, 3] → 15

        var endsInGroup = await Client.ApplyAsync(new Chain(new Group(S("canvas.double", 1), S("canvas.double", 2)), new Group(S("canvas.sum"), S("canvas.count"))));
        Assert.NotNull(endsInGroup.Group);
        var ends = await endsInGroup.GetAsync<int[]>(Wait);
        Assert.Equal(new[] { 6, 2 }, ends);
    }

    [Fact]
    public async Task A_chord_inside_a_chain_takes_the_previous_result_and_feeds_the_next_step()
    {
        await StartCanvasWorkerAsync();
        var workflow = await Client.ApplyAsync(new Chain(
            S("canvas.inc", 1),
            new Chord(new Group(S("canvas.double"), S("canvas.inc")), S("canvas.sum")),
            S("canvas.inc")));
        Assert.Equal(8, await workflow.GetAsync<int>(Wait)); // 2 → [4, 3] → 7 → 8
    }

    [Fact]
    public async Task Link_runs_on_success_with_the_result_and_link_error_on_failure_with_the_error()
    {
        await StartCanvasWorkerAsync();
        var ok = await Client.ApplyAsync(S("canvas.inc", 1).Link(S("canvas.record")).LinkError(S("canvas.record", "\"errback\"")));
        var bad = await Client.ApplyAsync(S("canvas.fail", 1).Link(S("canvas.record", "\"link\"")).LinkError(S("canvas.record")));
        Assert.Equal(2, await ok.GetAsync<int>(Wait));
        await Assert.ThrowsAsync<JobFailedException>(() => bad.GetAsync<int>(Wait));
        await WaitUntilAsync(async () => (await Client.GetJobsAsync([.. ok.JobIds, .. bad.JobIds])).All(j => j.IsReady), Wait, "links finished");

        var okJobs = await Client.GetJobsAsync(ok.JobIds);
        var okLink = okJobs.Single(j => j.Id == ok.JobIds[1]);
        var okErrback = okJobs.Single(j => j.Id == ok.JobIds[2]);
        Assert.Equal(JobState.Success, okLink.State);
        Assert.Equal("2", _recorded.Single(r => r.Id == okLink.Id).Args);
        Assert.Equal(JobState.Revoked, okErrback.State); // never called: its parent succeeded
        Assert.DoesNotContain(_recorded, r => r.Id == okErrback.Id);

        var badJobs = await Client.GetJobsAsync(bad.JobIds);
        var badLink = badJobs.Single(j => j.Id == bad.JobIds[1]);
        var badErrback = badJobs.Single(j => j.Id == bad.JobIds[2]);
        Assert.Equal(JobState.Failure, badLink.State);
        Assert.Equal($"ChainError: step {bad.Id} failed: InvalidOperationException: boom", badLink.Error);
        Assert.Equal(JobState.Success, badErrback.State);
        using var args = JsonDocument.Parse(_recorded.Single(r => r.Id == badErrback.Id).Args);
        Assert.Equal(bad.Id, args.RootElement.GetProperty("id").GetGuid());
        Assert.Equal("canvas.fail", args.RootElement.GetProperty("task").GetString());
        Assert.Equal("FAILURE", args.RootElement.GetProperty("state").GetString());
        Assert.Equal("InvalidOperationException: boom", args.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_failing_chord_member_fails_the_callback_with_its_error_and_runs_link_error_once()
    {
        await StartCanvasWorkerAsync();
        var chord = await Client.ApplyAsync(new Chord(
            new Group(S("canvas.double", 1), S("canvas.fail", 2), S("canvas.double", 3), S("canvas.fail", 4)),
            S("canvas.sum")).LinkError(S("canvas.record")));
        var ex = await Assert.ThrowsAsync<JobFailedException>(() => chord.GetAsync<int>(Wait));
        var failedMember = chord.JobIds[1];
        var otherFailed = chord.JobIds[3];
        Assert.Equal(JobState.Failure, ex.Job.State);
        // The first failed member in member order, when both fail in one completion; else whichever failed first.
        Assert.Matches($"^ChordError: member ({failedMember}|{otherFailed}) failed: InvalidOperationException: boom$", ex.Job.Error);
        Assert.DoesNotContain(_sums, id => id == ex.Job.Id); // the callback never ran

        var errback = chord.JobIds[^1];
        await WaitUntilAsync(async () => (await Client.GetResult(errback).GetInfoAsync())!.IsReady, Wait, "the errback ran");
        var recorded = Assert.Single(_recorded, r => r.Id == errback);
        using var args = JsonDocument.Parse(recorded.Args);
        Assert.Equal(ex.Job.Id, args.RootElement.GetProperty("id").GetGuid());
        Assert.StartsWith("ChordError: member ", args.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Revoking_a_workflow_revokes_its_unfinished_jobs_and_cancels_the_running_one()
    {
        await StartCanvasWorkerAsync();
        var workflow = await Client.ApplyAsync(new Chain(
            new Signature("test.block", null, Fast),
            new Chord(new Group(S("canvas.double"), S("canvas.double")), S("canvas.sum")),
            S("canvas.inc")).LinkError(S("canvas.record")));
        var blocked = await Tasks.BlockStarted.Task.WaitAsync(Wait);
        Assert.Equal(workflow.Id, blocked);
        var other = await Client.ApplyAsync(S("canvas.inc", 1).Then(S("canvas.inc")));

        var revoked = await workflow.RevokeAsync("user cancelled");
        Assert.Equal(workflow.JobIds.ToHashSet(), revoked.ToHashSet()); // every job, the running one included
        await Tasks.BlockCancelled.Task.WaitAsync(Wait);
        var jobs = await Client.GetJobsAsync(workflow.JobIds);
        Assert.All(jobs, j => Assert.Equal(JobState.Revoked, j.State));
        Assert.All(jobs, j => Assert.Equal("user cancelled", j.Error));
        Assert.Equal(3, await other.GetAsync<int>(Wait)); // another workflow is untouched
        Assert.Empty(_recorded); // a revoked workflow runs no errback
        Assert.Empty(await Client.GetResult(workflow.JobIds[2]).RevokeWorkflowAsync()); // nothing left to revoke, from any member
    }

    [Fact]
    public async Task Revoking_one_step_fails_the_steps_waiting_for_it_and_a_group_revoke_fails_the_callback()
    {
        var chain = await Client.ApplyAsync(new Chain(S("canvas.inc", 1), S("canvas.inc"), S("canvas.inc")));
        Assert.True(await Client.GetResult(chain.Id).RevokeAsync("stop"));
        var jobs = (await Client.GetJobsAsync(chain.JobIds)).ToDictionary(j => j.Id);
        Assert.Equal(JobState.Revoked, jobs[chain.JobIds[0]].State);
        Assert.Equal(JobState.Failure, jobs[chain.JobIds[1]].State);
        Assert.Equal($"ChainError: step {chain.JobIds[0]} was revoked: stop", jobs[chain.JobIds[1]].Error);
        Assert.Equal($"ChainError: step {chain.JobIds[1]} failed: ChainError: step {chain.JobIds[0]} was revoked: stop", jobs[chain.JobIds[2]].Error);

        var group = await Client.ApplyAsync(new Group(S("canvas.double", 1), S("canvas.double", 2)).Link(S("canvas.sum")));
        Assert.Equal(2, (await group.Group!.RevokeAsync("enough")).Count);
        var callback = await GetAsync(group.JobIds[2]);
        Assert.Equal(JobState.Failure, callback.State);
        Assert.Equal($"ChordError: member {group.JobIds[0]} was revoked: enough", callback.Error);
    }

    [Fact]
    public async Task Waiting_jobs_are_never_claimed_and_do_not_move_the_next_run_time()
    {
        var chain = await Client.ApplyAsync(new Chain(S("canvas.inc", 1), S("canvas.inc")));
        Assert.Equal(JobState.Scheduled, (await GetAsync(chain.JobIds[1])).State);
        var claimed = await Store.ClaimAsync(Claim("w"), default);
        Assert.Equal([chain.Id], claimed.Select(c => c.Id));
        Assert.Empty(await Store.ClaimAsync(Claim("w"), default));
        Assert.Null(await Store.NextRunDelayAsync(["default"], default)); // the waiting step is not "scheduled" for a time

        await Store.FinishAsync("w", [new JobOutcome { Id = chain.Id, Attempt = 1, Kind = OutcomeKind.Success, ResultJson = "2" }], default);
        var next = Assert.Single(await Store.ClaimAsync(Claim("w"), default));
        Assert.Equal(chain.JobIds[1], next.Id);
        Assert.Equal("2", next.ArgsJson);
    }

    [Fact]
    public async Task A_chord_callback_is_released_exactly_once_when_members_finish_concurrently()
    {
        const int members = 200;
        var chord = await Client.ApplyAsync(new Chord(Workflow.Group("canvas.double", Enumerable.Range(0, members).Select(i => (object?)i), Fast), S("canvas.sum")));
        var claimed = new List<(string Worker, ClaimedJob Job)>();
        for (var w = 0; claimed.Count < members; w++)
            claimed.AddRange((await Store.ClaimAsync(Claim($"w{w}", limit: 25), default)).Select(c => ($"w{w}", c)));
        Assert.Equal(members, claimed.Count);

        // Every member finishes in its own completion, all at once, from many concurrent writers.
        using var start = new ManualResetEventSlim();
        var finishes = claimed.Select(c => Task.Run(async () =>
        {
            start.Wait();
            var index = JsonSerializer.Deserialize<int>(c.Job.ArgsJson!);
            await Store.FinishAsync(c.Worker, [new JobOutcome { Id = c.Job.Id, Attempt = c.Job.Attempt, Kind = OutcomeKind.Success, ResultJson = (index * 2).ToString() }], default);
        })).ToList();
        start.Set();
        await Task.WhenAll(finishes);

        var callback = await GetAsync(chord.Result!.Id);
        Assert.Equal(JobState.Pending, callback.State);
        Assert.Equal(JsonSerializer.Serialize(Enumerable.Range(0, members).Select(i => i * 2)), callback.Args.Replace(" ", ""));
        var next = Assert.Single(await Store.ClaimAsync(Claim("cb"), default));
        Assert.Equal(callback.Id, next.Id);
    }

    [Fact]
    public async Task A_step_waiting_for_a_job_that_expired_is_failed_by_the_rescuer()
    {
        var chain = await Client.ApplyAsync(new Chain(
            new Signature("canvas.inc", 1, new EnqueueOptions { Countdown = TimeSpan.FromMinutes(2), Expires = TimeSpan.FromMinutes(1), MaxRetries = 0 }),
            S("canvas.inc")));
        Assert.Empty(await Store.ClaimAsync(Claim("w"), default)); // not due yet
        await BackdateJobsAsync(TimeSpan.FromMinutes(3), chain.Id); // the database clock passes its run time and its expiry
        Assert.True(Assert.Single(await Store.ClaimAsync(Claim("w"), default)).Expired); // an expired job is recorded REVOKED at claim, outside a completion
        Assert.Equal(JobState.Revoked, (await GetAsync(chain.Id)).State);
        Assert.Equal(JobState.Scheduled, (await GetAsync(chain.JobIds[1])).State);
        await Store.RescueAsync(100, default);
        var step2 = await GetAsync(chain.JobIds[1]);
        Assert.Equal(JobState.Failure, step2.State);
        Assert.Equal($"ChainError: step {chain.Id} was revoked: expired", step2.Error);
    }

    [Fact]
    public async Task A_canvas_survives_a_json_round_trip_and_runs()
    {
        await StartCanvasWorkerAsync();
        var canvas = new Chain(S("canvas.inc", 1), new Chord(new Group(S("canvas.double"), S("canvas.inc", 5).Immutable()), S("canvas.sum")))
            .Link(S("canvas.record"));
        var json = canvas.ToJson();
        var back = Canvas.FromJson(json);
        Assert.Equal(json, back.ToJson());
        var workflow = await Client.ApplyAsync(back);
        Assert.Equal(4 + 6, await workflow.GetAsync<int>(Wait)); // 2 → [4, 6] → 10
    }

    [Fact]
    public async Task Map_starmap_and_chunks_run_a_task_over_many_arguments()
    {
        await StartCanvasWorkerAsync();
        var map = await Workflow.Map("canvas.double", [1, 2, 3]).ApplyAsync(Client);
        var mapped = await map.GetAsync<int[]>(Wait);
        Assert.Equal(new[] { 2, 4, 6 }, mapped);

        var starmap = await Workflow.Starmap("canvas.count", [[1, 2], [3], []]).ApplyAsync(Client);
        var starmapped = await starmap.GetAsync<int[]>(Wait);
        Assert.Equal(new[] { 2, 1, 0 }, starmapped);

        var chunks = await Workflow.Chunks("canvas.inc", Enumerable.Range(0, 10).Select(i => (object?)i), 4).ApplyAsync(Client);
        var parts = await chunks.GetAsync<int[]>(Wait);
        Assert.Equal(new[] { new[] { 1, 2, 3, 4 }, [5, 6, 7, 8], [9, 10] }, parts);
    }
}
