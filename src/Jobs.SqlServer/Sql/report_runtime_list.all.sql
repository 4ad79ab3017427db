-- Run time percentiles per queue and task over every finished job: the report_runtime view.
select queue, task, succeeded, failed, revoked, failure_rate, p50_ms, p95_ms, p99_ms, max_ms
from {schema}.report_runtime
order by queue, task;
