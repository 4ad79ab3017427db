-- Inserts or replaces a worker's row (README "Monitoring"): started and heartbeat now, not stopped. @queues is a JSON array.
set nocount on;
merge {schema}.worker with (holdlock) as w
using (select @name as name) as s on w.name = s.name
when matched then
    update set hostname = @hostname, pid = @pid, queues = @queues, pool = @pool, concurrency = @concurrency, version = @version,
               started_at = sysutcdatetime(), heartbeat_at = sysutcdatetime(), stopped_at = null,
               heartbeat_interval_ms = @interval_ms, active = 0, processed = 0
when not matched then
    insert (name, hostname, pid, queues, pool, concurrency, version, started_at, heartbeat_at, stopped_at, heartbeat_interval_ms, active, processed)
    values (@name, @hostname, @pid, @queues, @pool, @concurrency, @version, sysutcdatetime(), sysutcdatetime(), null, @interval_ms, 0, 0);
