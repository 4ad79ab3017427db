-- Records the outcomes of many attempts in one statement. Guarded by ownership: a row is written only while
-- the same worker still holds the same attempt, so a zombie cannot overwrite a rescued job's result.
-- Rows are locked in id order first (see job_lease_extend_many.sql) so that concurrent statements cannot deadlock.
-- Returns what changed (ended ids; queues of retries), which Core sends as wake-ups after the commit.
-- An attempt that ends in RETRY joins its job's history (job_attempt) in the same statement; a final attempt stays
-- on the job row (job_attempt_list.sql reads both), which saves a row, an index entry and a foreign-key check per job.
with input as (
    select *
    from unnest(@ids::uuid[], @attempts::int[], @states::text[], @results::jsonb[], @errors::text[],
                @tracebacks::text[], @delays_ms::bigint[], @result_payloads::bytea[], @result_signatures::text[])
        as t(id, attempt, state, result, error, traceback, delay_ms, result_payload, result_signature)
), locked as materialized (
    -- The input travels with the locked rows, so the update below is a primary-key lookup per row whatever the plan
    -- (a prepared statement's generic plan guesses 10 rows per unnest and once joined two CTE scans by nested loop).
    select j.id, i.attempt, i.state, i.result, i.error, i.traceback, i.delay_ms, i.result_payload, i.result_signature
    from input i
    join {schema}.job j on j.id = i.id
    where j.attempt = i.attempt and j.worker = @worker and j.state = 'STARTED'
    order by j.id
    for update of j
), done as (
    update {schema}.job j
    set state       = l.state,
        result      = l.result,
        result_payload   = l.result_payload,
        result_signature = l.result_signature,
        error       = l.error,
        traceback   = l.traceback,
        lease_until = null,
        finished_at = case when l.state = 'RETRY' then null else now() end,
        run_at      = case when l.state = 'RETRY' then now() + l.delay_ms * interval '1 millisecond' else j.run_at end
    from locked l
    where j.id = l.id
    returning j.id, j.state, j.queue, j.attempt, j.error, j.traceback, j.worker, j.started_at
), history as (
    insert into {schema}.job_attempt (job_id, attempt, state, error, traceback, worker, started_at, finished_at)
    select id, attempt, state, error, traceback, worker, started_at, now() from done where state = 'RETRY'
    on conflict do nothing
)
select id, state, queue from done;
