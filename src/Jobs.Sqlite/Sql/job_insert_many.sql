-- Inserts one job (run once per job inside one transaction per batch). Relative times are resolved on the
-- database clock; all times are ISO 8601 UTC text. An id that exists already is skipped, so retrying an enqueue
-- with the same ids is idempotent; a unique job whose key another row holds is skipped too ("on conflict" without
-- a target covers the id and the unique key index; see job_insert_unique.release.sql). "where true" lets SQLite parse the
-- upsert after a SELECT. A job that is not plain JSON (README "Payloads: codecs and compression") has its bytes in
-- payload and a null args.
insert into job (id, task, queue, priority, state, args, run_at, expires_at, max_attempts, retry_backoff_ms, retry_backoff_max_ms,
                 soft_time_limit_ms, time_limit_ms, retry_for, unique_key, unique_until, unique_states, trace_parent,
                 content_type, content_encoding, payload, signature)
select @id, @task, @queue, @priority,
       case when t.at > {now} then 'SCHEDULED' else 'PENDING' end,
       @args, t.at,
       coalesce(@expires_at, case when @expires_in_ms is not null then {now_plus:@expires_in_ms} end),
       @max_attempts, @backoff_ms, @backoff_max_ms, @soft_time_limit_ms, @time_limit_ms,
       @retry_for, @unique_key, case when @unique_period_ms is not null then {now_plus:@unique_period_ms} end, @unique_states,
       @trace_parent, coalesce(@content_type, 'application/json'), @content_encoding, @payload, @signature
from (select coalesce(@run_at, {now_plus:@delay_ms}) as at) t
where true
on conflict do nothing;
