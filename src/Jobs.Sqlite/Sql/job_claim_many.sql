-- Claims up to @limit runnable jobs (highest priority, then earliest run time) for one worker and leases them.
-- The ids come from job_claim_many.select.sql (leaving jobs under an active limit to the limited claim) or from
-- job_claim_by_id_many.sql (the jobs the limited claim chose).
-- Runs inside BEGIN IMMEDIATE, so claimers in other processes wait for the write lock instead of racing.
-- started_at is now, or for the limited claim the clock its buckets were computed with ({started_at}).
-- A job past its expiry is not started: the same statement records it REVOKED ("expired").
update job
set state       = case when expires_at <= {now} then 'REVOKED' else 'STARTED' end,
    attempt     = case when expires_at <= {now} then attempt else attempt + 1 end,
    worker      = @worker,
    started_at  = case when expires_at <= {now} then started_at else {started_at} end,
    lease_until = case when expires_at <= {now} then null else {now_plus:@lease_ms} end,
    finished_at = case when expires_at <= {now} then {now} end,
    error       = case when expires_at <= {now} then 'expired' else error end
where id in (
{next}
)
returning id, task, queue, priority, args, attempt, max_attempts, retry_backoff_ms, retry_backoff_max_ms,
          state = 'REVOKED' as expired, run_at, soft_time_limit_ms, time_limit_ms, retry_for, root_id is null as standalone,
          trace_parent, content_type, content_encoding, payload, signature, workflow_input;
