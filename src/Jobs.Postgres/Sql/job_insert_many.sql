-- Inserts a small batch of jobs (larger batches use COPY, see job_insert_many.copy*.sql).
-- Relative times are resolved on the database clock, as statement_timestamp() (inside a caller's long transaction
-- now() would be when that transaction began); the store's changes name the queues, and Core sends the wake-ups
-- (after the commit, or inside a caller's transaction; see PostgresNotifier). An id that
-- exists already is skipped, so retrying an enqueue with the same ids is idempotent. A unique job (unique_key set) whose
-- key another row holds is skipped too ("on conflict" covers both the id and the unique key index); see job_insert_unique.release.sql.
-- Rows inserted by other means wake the workers through the job_notify_inserted trigger (migration 12) unless
-- jobs.notify_inserts is 'off': the store notifies for its own rows after the commit, so each of its inserts sets it
-- off for its transaction (set_config(..., true)) before its first row, and no row calls the trigger (a COPY runs
-- job_insert_many.quiet.sql first). In a caller's transaction it stays off until that transaction ends (README
-- "Other languages: enqueue with SQL").
-- A job that is not plain JSON (README "Payloads: codecs and compression") has its bytes in payload and a null args.
with input as (
    select *
    from unnest(@ids::uuid[], @tasks::text[], @queues::text[], @priorities::smallint[], @args::jsonb[],
                @run_ats::timestamptz[], @delays_ms::bigint[], @expires_ats::timestamptz[], @expires_in_ms::bigint[],
                @max_attempts::int[], @backoff_ms::int[], @backoff_max_ms::int[], @soft_limits_ms::int[], @limits_ms::int[],
                @retry_fors::jsonb[], @unique_keys::text[], @unique_periods_ms::bigint[], @unique_states::text[],
                @trace_parents::text[], @content_types::text[], @content_encodings::text[], @payloads::bytea[], @signatures::text[])
        as t(id, task, queue, priority, args, run_at, delay_ms, expires_at, expires_in_ms, max_attempts, backoff_ms, backoff_max_ms,
             soft_time_limit_ms, time_limit_ms, retry_for, unique_key, unique_period_ms, unique_states, trace_parent,
             content_type, content_encoding, payload, signature)
    where set_config('jobs.notify_inserts', 'off', true) = 'off'
), timed as (
    select i.*, coalesce(i.run_at, statement_timestamp() + i.delay_ms * interval '1 millisecond') as at
    from input i
), inserted as (
    insert into {schema}.job (id, task, queue, priority, state, args, run_at, expires_at,
                              max_attempts, retry_backoff_ms, retry_backoff_max_ms, soft_time_limit_ms, time_limit_ms,
                              retry_for, unique_key, unique_until, unique_states, trace_parent,
                              content_type, content_encoding, payload, signature)
    select id, task, queue, priority,
           case when at > statement_timestamp() then 'SCHEDULED' else 'PENDING' end,
           args, at, coalesce(expires_at, statement_timestamp() + expires_in_ms * interval '1 millisecond'),
           max_attempts, backoff_ms, backoff_max_ms, soft_time_limit_ms, time_limit_ms,
           case when retry_for is not null then array(select jsonb_array_elements_text(retry_for)) end, unique_key,
           statement_timestamp() + unique_period_ms * interval '1 millisecond', string_to_array(unique_states, ','),
           trace_parent, coalesce(content_type, 'application/json'), content_encoding, payload, signature
    from timed
    on conflict do nothing
    returning queue
)
select count(*) as inserted from inserted;
