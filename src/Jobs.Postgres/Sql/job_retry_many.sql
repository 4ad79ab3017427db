-- Requeues finished-unsuccessfully jobs to run now with one more attempt (attempt numbers only grow, so the
-- ownership guard stays sound). @all_failed: every FAILURE job; else the given ids in FAILURE or REVOKED.
-- The final attempt kept on the row (see job_attempt_list.sql) moves to the history first.
with archived as (
    insert into {schema}.job_attempt (job_id, attempt, state, error, traceback, worker, started_at, finished_at)
    select id, attempt, state, error, traceback, worker, started_at, finished_at
    from {schema}.job
    where ((@all_failed and state = 'FAILURE')
           or (not @all_failed and id = any(@ids) and state in ('FAILURE', 'REVOKED')))
      and attempt > 0 and finished_at is not null
    on conflict do nothing
), retried as (
    update {schema}.job
    set state        = 'PENDING',
        run_at       = now(),
        max_attempts = greatest(max_attempts, attempt + 1),
        result       = null,
        result_payload = null,
        result_signature = null,
        error        = null,
        traceback    = null,
        worker       = null,
        lease_until  = null,
        started_at   = null,
        finished_at  = null
    where (@all_failed and state = 'FAILURE')
       or (not @all_failed and id = any(@ids) and state in ('FAILURE', 'REVOKED'))
    returning id, queue
)
select id, queue from retried;
