using Jobs.Limits;
using Jobs.Storage;
using Xunit;

namespace Jobs.Conformance;

/// <summary>
/// The trace context stored with each job (<see cref="NewJob.TraceParent"/>): every insert path keeps it (single,
/// unique, bulk (both COPY paths on PostgreSQL), workflow), both claims hand it back, reads show it, and a job
/// enqueued without one claims as null.
/// </summary>
public abstract class TraceParentConformance : ConformanceBase
{
    /// <summary>Enough jobs for the PostgreSQL store's COPY path (its CopyThreshold defaults to 32).</summary>
    private const int Bulk = 40;

    /// <summary>A W3C traceparent ("00-&lt;trace id&gt;-&lt;span id&gt;-01"), distinct per call.</summary>
    private static string NewTraceParent() => $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01";

    private static NewJob Job(string? traceParent, string queue = "default", TimeSpan? expiresIn = null, NewJobUnique? unique = null) => new()
    {
        Id = JobIds.Next(), Task = "test.echo", Queue = queue, ArgsJson = """{"I":1}""", MaxAttempts = 1,
        ExpiresIn = expiresIn, Unique = unique, TraceParent = traceParent,
    };

    private async Task<Dictionary<Guid, string?>> ClaimAllAsync(int limit, string queue = "default")
    {
        var claimed = await Store.ClaimAsync(Claim("w", limit, queue), default);
        return claimed.ToDictionary(c => c.Id, c => c.TraceParent);
    }

    [Fact]
    public async Task A_single_job_claims_with_its_trace_parent_and_one_without_claims_as_null()
    {
        // tracestate may follow: the store keeps whatever string it is given.
        var traced = Job(NewTraceParent() + ";congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        var plain = Job(null);
        await Store.EnqueueAsync([traced], null, null, default);
        await Store.EnqueueAsync([plain], null, null, default);

        var claimed = await ClaimAllAsync(10);
        Assert.Equal(2, claimed.Count);
        Assert.Equal(traced.TraceParent, claimed[traced.Id]);
        Assert.Null(claimed[plain.Id]);
        var jobs = await Store.GetJobsAsync([traced.Id, plain.Id], default);
        Assert.Equal(traced.TraceParent, jobs.Single(j => j.Id == traced.Id).TraceParent);
        Assert.Null(jobs.Single(j => j.Id == plain.Id).TraceParent);
        Assert.Contains(await Store.ListJobsAsync(new JobFilter(Limit: 10), default), j => j.Id == traced.Id && j.TraceParent == traced.TraceParent);
    }

    [Fact]
    public async Task A_small_batch_and_a_unique_job_keep_each_jobs_trace_parent()
    {
        var batch = new[] { Job(NewTraceParent()), Job(null), Job(NewTraceParent()) };
        var unique = Job(NewTraceParent(), unique: new NewJobUnique("trace-" + Guid.NewGuid().ToString("N"), null, [JobState.Pending, JobState.Started]));
        await Store.EnqueueAsync([.. batch, unique], null, null, default);

        var claimed = await ClaimAllAsync(10);
        Assert.Equal(4, claimed.Count);
        Assert.All(batch.Append(unique), j => Assert.Equal(j.TraceParent, claimed[j.Id]));
    }

    [Fact]
    public async Task A_bulk_batch_of_jobs_due_now_keeps_each_jobs_trace_parent()
    {
        // All due now, no relative expiry, no connection of the caller's: PostgreSQL's autocommit COPY (enqueue_copy_due_now.sql).
        var jobs = Enumerable.Range(0, Bulk).Select(i => Job(i % 3 == 0 ? null : NewTraceParent())).ToList();
        await Store.EnqueueAsync(jobs, null, null, default);

        var claimed = await ClaimAllAsync(Bulk * 2);
        Assert.Equal(Bulk, claimed.Count);
        Assert.All(jobs, j => Assert.Equal(j.TraceParent, claimed[j.Id]));
    }

    [Fact]
    public async Task A_bulk_batch_timed_on_the_database_clock_keeps_each_jobs_trace_parent()
    {
        // A relative expiry needs the database clock: PostgreSQL's COPY in a transaction (enqueue_copy.sql).
        var jobs = Enumerable.Range(0, Bulk).Select(i => Job(i % 3 == 0 ? null : NewTraceParent(), expiresIn: TimeSpan.FromHours(1))).ToList();
        await Store.EnqueueAsync(jobs, null, null, default);

        var claimed = await ClaimAllAsync(Bulk * 2);
        Assert.Equal(Bulk, claimed.Count);
        Assert.All(jobs, j => Assert.Equal(j.TraceParent, claimed[j.Id]));
    }

    [Fact]
    public async Task A_bulk_batch_in_the_callers_transaction_keeps_each_jobs_trace_parent()
    {
        var jobs = Enumerable.Range(0, Bulk).Select(i => Job(i % 3 == 0 ? null : NewTraceParent())).ToList();
        await using (var conn = await Harness.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Store.EnqueueAsync(jobs, conn, tx, default);
            await tx.CommitAsync();
        }

        var claimed = await ClaimAllAsync(Bulk * 2);
        Assert.Equal(Bulk, claimed.Count);
        Assert.All(jobs, j => Assert.Equal(j.TraceParent, claimed[j.Id]));
    }

    [Fact]
    public async Task Workflow_jobs_keep_their_trace_parents_and_a_waiting_one_keeps_it_until_released()
    {
        var first = Job(NewTraceParent());
        var untraced = Job(null);
        var waiting = Job(NewTraceParent());
        var root = first.Id;
        await Store.ApplyWorkflowAsync(new WorkflowPlan(
        [
            new WorkflowJob { Job = first, RootId = root },
            new WorkflowJob { Job = untraced, RootId = root },
            new WorkflowJob { Job = waiting, RootId = root, ParentId = first.Id },
        ], []), default);

        var claimed = await ClaimAllAsync(10);
        Assert.Equal(2, claimed.Count);
        Assert.Equal(first.TraceParent, claimed[first.Id]);
        Assert.Null(claimed[untraced.Id]);
        Assert.Equal(waiting.TraceParent, (await GetAsync(waiting.Id)).TraceParent);
    }

    [Fact]
    public async Task The_limited_claim_hands_back_the_trace_parent_too()
    {
        const string queue = "traced-limited";
        Assert.True(await Store.SetConcurrencyLimitAsync(LimitScope.Queue, queue, 5, default));
        var traced = Job(NewTraceParent(), queue);
        var plain = Job(null, queue);
        await Store.EnqueueAsync([traced, plain], null, null, default);

        Assert.Empty(await Store.ClaimAsync(Claim("w", queue: queue), default)); // limited jobs are the limited claim's
        var claimed = (await Store.ClaimLimitedAsync(Claim("w", queue: queue), default)).Jobs.ToDictionary(j => j.Id, j => j.TraceParent);
        Assert.Equal(2, claimed.Count);
        Assert.Equal(traced.TraceParent, claimed[traced.Id]);
        Assert.Null(claimed[plain.Id]);
    }
}
