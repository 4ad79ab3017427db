-- Claims up to @limit runnable jobs (highest priority, then earliest run time) for one worker and leases them.
-- The next rows come from job_claim_many.select.sql (SKIP LOCKED, so many workers claim at once without blocking, leaving jobs
-- under an active limit to the limited claim) or job_claim_by_id_many.sql (rows the limited claim already locked and chose).
-- started_at is now(), or for the limited claim the clock its buckets were computed with (after its lock wait).
-- A job past its expiry is not started: the same statement records it REVOKED ("expired"); waiters hear of it through the
-- store's changes. RETURNING has no order, so the batch is handed over sorted.
with next as materialized (
{next}
), claimed as (
    update {schema}.job j
    set state       = case when j.expires_at <= now() then 'REVOKED' else 'STARTED' end,
        attempt     = case when j.expires_at <= now() then j.attempt else j.attempt + 1 end,
        worker      = @worker,
        started_at  = case when j.expires_at <= now() then j.started_at else {started_at} end,
        lease_until = case when j.expires_at <= now() then null else now() + @lease_ms * interval '1 millisecond' end,
        finished_at = case when j.expires_at <= now() then now() end,
        error       = case when j.expires_at <= now() then 'expired' else j.error end
    -- An array, not a join: a prepared statement's generic plan cannot know @limit and hash-joined all jobs.
    where j.id = any (array(select id from next))
    returning j.id, j.task, j.queue, j.priority, j.args::text as args, j.attempt, j.max_attempts,
              j.retry_backoff_ms, j.retry_backoff_max_ms, j.state = 'REVOKED' as expired, j.run_at,
              j.soft_time_limit_ms, j.time_limit_ms, array_to_json(j.retry_for)::text as retry_for,
              j.root_id is null as standalone, j.trace_parent,
              j.content_type, j.content_encoding, j.payload, j.signature, j.workflow_input::text as workflow_input
)
select c.* from claimed c
order by c.priority desc, c.run_at, c.id;
