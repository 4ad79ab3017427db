copy {schema}.job (id, task, queue, priority, state, args, run_at, expires_at, max_attempts, retry_backoff_ms, retry_backoff_max_ms, soft_time_limit_ms, time_limit_ms, retry_for, trace_parent, content_type, content_encoding, payload, signature)
from stdin (format binary)
-- Bulk insert of a batch holding jobs that are not plain JSON (README "Payloads: codecs and compression"): the
-- columns of job_insert_many.copy.sql and the envelope's. Batches of plain JSON jobs keep the shorter column lists.
