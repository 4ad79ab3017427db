-- Rescues jobs whose lease expired (their worker died or hung): back to PENDING while attempts remain,
-- else FAILURE. One rescuer at a time: the transaction-scoped advisory lock lets the first caller in.
-- The lost attempt joins the job's history (job_attempt) as RETRY (it will run again) or FAILURE.
with leader as (
    select pg_try_advisory_xact_lock(@lock_key) as ok
), expired as (
    select id, worker
    from {schema}.job
    where state = 'STARTED' and lease_until < now() and (select ok from leader)
    order by lease_until
    limit @limit
    for update skip locked
), rescued as (
    update {schema}.job j
    set state       = case when j.attempt >= j.max_attempts then 'FAILURE' else 'PENDING' end,
        error       = 'WorkerLostError: the lease of attempt ' || j.attempt || ' expired (worker '
                      || coalesce(j.worker, '?') || ' stopped renewing it)',
        finished_at = case when j.attempt >= j.max_attempts then now() end,
        worker      = null,
        lease_until = null
    from expired e
    where j.id = e.id
    returning j.id, j.state, j.queue, j.attempt, j.error, e.worker, j.started_at
), history as (
    insert into {schema}.job_attempt (job_id, attempt, state, error, worker, started_at, finished_at)
    select id, attempt, case when state = 'FAILURE' then 'FAILURE' else 'RETRY' end, error, worker, started_at, now() from rescued
    on conflict do nothing
)
select id, state, queue from rescued;
