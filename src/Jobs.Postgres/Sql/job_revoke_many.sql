-- Revokes unfinished jobs (terminate: a running one's process is to be killed, see the process pool). A running job's worker no longer owns it (state <> 'STARTED'): its heartbeat
-- cancels the attempt and its completion is rejected. Rows are locked in id order first,
-- as the heartbeat and completion statements do, so revoking many running jobs cannot deadlock with them.
-- A running job's attempt joins its history (job_attempt) as REVOKED.
with locked as materialized (
    select j.id, j.state
    from {schema}.job j
    where j.id = any(@ids) and j.state in ('SCHEDULED', 'PENDING', 'RETRY', 'STARTED')
    order by j.id
    for update of j
), revoked as (
    update {schema}.job j
    set state       = 'REVOKED',
        error       = @reason,
        terminate   = @terminate and j.state = 'STARTED',
        lease_until = null,
        finished_at = now()
    from locked l
    where j.id = l.id
    returning j.id, j.attempt, j.worker, j.started_at, l.state
), history as (
    insert into {schema}.job_attempt (job_id, attempt, state, error, worker, started_at, finished_at)
    select id, attempt, 'REVOKED', @reason, worker, started_at, now() from revoked where state = 'STARTED'
    on conflict do nothing
)
select id from revoked;
