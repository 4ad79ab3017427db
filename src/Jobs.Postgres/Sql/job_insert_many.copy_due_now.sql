copy {schema}.job (id, task, queue, priority, args, expires_at, max_attempts, retry_backoff_ms, retry_backoff_max_ms, soft_time_limit_ms, time_limit_ms, retry_for, trace_parent)
from stdin (format binary)
where set_config('jobs.notify_inserts', 'off', true) = 'off'
-- Bulk insert of jobs that are all due now (no eta, no countdown, no relative expiry): state and run_at take the
-- table's defaults ('PENDING', now()), so no clock read and no transaction around the COPY are needed. The WHERE
-- clause keeps the job_notify_inserted trigger quiet: see job_insert_many.sql.
-- (Npgsql wants the text to start with COPY, hence the comment at the end.)
