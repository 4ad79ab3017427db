copy {schema}.job (id, task, queue, priority, state, args, run_at, expires_at, max_attempts, retry_backoff_ms, retry_backoff_max_ms, soft_time_limit_ms, time_limit_ms, retry_for, trace_parent)
from stdin (format binary)
