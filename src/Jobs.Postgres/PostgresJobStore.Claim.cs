using Jobs.Storage;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresJobStore
{
    public Task<IReadOnlyList<ClaimedJob>> ClaimAsync(ClaimRequest request, CancellationToken ct) => Run<IReadOnlyList<ClaimedJob>>(async () =>
    {
        var one = request.Queues.Count == 1;
        await using var cmd = Command(one ? _sql.ClaimOneQueue : _sql.ClaimAnyQueue);
        if (one) Add(cmd, "queue", request.Queues[0]);
        else Add(cmd, "queues", request.Queues.ToArray());
        Add(cmd, "limit", request.Limit);
        Add(cmd, "worker", request.Worker);
        Add(cmd, "lease_ms", (long)request.Lease.TotalMilliseconds);
        Add(cmd, "finished_channel", _sql.FinishedChannel);
        var jobs = new List<ClaimedJob>(request.Limit);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            jobs.Add(JobRows.ReadClaimed(r));
        return jobs;
    });

    public Task<TimeSpan?> NextRunDelayAsync(IReadOnlyList<string> queues, CancellationToken ct) => Run<TimeSpan?>(async () =>
    {
        await using var cmd = Command(_sql.NextRun);
        Add(cmd, "queues", queues.ToArray());
        var ms = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return ms is double d ? TimeSpan.FromMilliseconds(Math.Max(0, d)) : null;
    });

    public Task<IReadOnlyList<HeldJob>> ExtendLeasesAsync(string worker, IReadOnlyList<HeldJob> jobs, TimeSpan lease, CancellationToken ct) => Run<IReadOnlyList<HeldJob>>(async () =>
    {
        if (jobs.Count == 0) return [];
        await using var cmd = Command(_sql.ExtendLeases);
        AddHeld(cmd, worker, jobs);
        Add(cmd, "lease_ms", (long)lease.TotalMilliseconds);
        var still = new List<HeldJob>(jobs.Count);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) still.Add(new HeldJob(r.GetGuid(0), r.GetInt32(1)));
        return still;
    });

    public Task<int> ReleaseAsync(string worker, IReadOnlyList<HeldJob> jobs, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.Release);
        AddHeld(cmd, worker, jobs);
        Add(cmd, "available_channel", _sql.AvailableChannel);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false));
    });

    private static void AddHeld(Npgsql.NpgsqlCommand cmd, string worker, IReadOnlyList<HeldJob> jobs)
    {
        Add(cmd, "ids", jobs.Select(j => j.Id).ToArray());
        Add(cmd, "attempts", jobs.Select(j => j.Attempt).ToArray());
        Add(cmd, "worker", worker, NpgsqlDbType.Text);
    }
}
