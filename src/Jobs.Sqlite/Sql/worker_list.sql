select name, hostname, pid, queues, pool, concurrency, version, started_at, heartbeat_at, stopped_at,
       heartbeat_interval_ms, active, processed, online
from worker_status
where @include_stopped or stopped_at is null
order by name;
