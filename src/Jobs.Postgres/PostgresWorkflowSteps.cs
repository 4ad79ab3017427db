using Jobs.Storage;
using Npgsql;

namespace Jobs.Postgres;

/// <summary>The workflow bookkeeping statements (Sql/workflow_*.sql) on one open transaction; notifications are sent by the statements (at commit).</summary>
internal sealed class PostgresWorkflowSteps(NpgsqlConnection connection, NpgsqlTransaction? transaction, PostgresSql sql, CancellationToken ct) : IWorkflowSteps
{
    public async ValueTask<SucceededStep> SucceededAsync(IReadOnlyList<Guid> ids)
    {
        await using var cmd = Command(sql.WorkflowSucceeded);
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", ids.ToArray()));
        AddChannels(cmd);
        List<Guid> revoked = [], groups = [];
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            if (r.IsDBNull(1)) continue;
            (r.GetString(0) == "group" ? groups : revoked).Add(r.GetGuid(1));
        }
        return revoked.Count == 0 && groups.Count == 0 ? SucceededStep.None : new SucceededStep(revoked, groups);
    }

    public async ValueTask ReleaseGroupsAsync(IReadOnlyList<Guid> groupIds)
    {
        await using var cmd = Command(sql.WorkflowReleaseGroups);
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]>("group_ids", groupIds.ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string>("available_channel", sql.AvailableChannel));
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Guid>> FailedAsync(IReadOnlyList<Guid> ids)
    {
        await using var cmd = Command(sql.WorkflowFailed);
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", ids.ToArray()));
        AddChannels(cmd);
        return await ReadIdsAsync(cmd).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Guid>> StrandedAsync(int limit)
    {
        await using var cmd = Command(sql.WorkflowStranded);
        cmd.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        return await ReadIdsAsync(cmd).ConfigureAwait(false);
    }

    private NpgsqlCommand Command(string text) => new(text, connection, transaction);

    private void AddChannels(NpgsqlCommand cmd)
    {
        cmd.Parameters.Add(new NpgsqlParameter<string>("available_channel", sql.AvailableChannel));
        cmd.Parameters.Add(new NpgsqlParameter<string>("finished_channel", sql.FinishedChannel));
    }

    private async Task<List<Guid>> ReadIdsAsync(NpgsqlCommand cmd)
    {
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            if (!r.IsDBNull(0)) ids.Add(r.GetGuid(0));
        return ids;
    }
}
