copy {schema}.job (id, task, queue, priority, args, expires_at, max_attempts, retry_backoff_ms, retry_backoff_max_ms, soft_time_limit_ms, time_limit_ms, retry_for, trace_parent)
from stdin (format binary)
-- Bulk insert of jobs that are all due now (no eta, no countdown, no relative expiry): state and run_at take the
-- table's defaults ('PENDING', now()), so the clock read before it (job_insert_many.quiet.sql) is not needed.
-- (Npgsql wants the text to start with COPY, hence the comment at the end.)
