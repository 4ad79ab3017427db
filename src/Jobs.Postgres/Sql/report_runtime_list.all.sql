select queue, task, succeeded, failed, revoked, failure_rate, p50_ms, p95_ms, p99_ms, max_ms
from {schema}.report_runtime
order by queue, task;
