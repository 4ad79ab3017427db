-- Workers by name (worker_status: online = not stopped and heartbeat within three intervals); stopped ones too when @include_stopped = 1.
select name, hostname, pid, queues, pool, concurrency, version, todatetimeoffset(started_at, 0), todatetimeoffset(heartbeat_at, 0),
       todatetimeoffset(stopped_at, 0), heartbeat_interval_ms, active, processed, online
from {schema}.worker_status
where @include_stopped = 1 or stopped_at is null
order by name;
