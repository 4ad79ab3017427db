-- A running worker's heartbeat with its current figures; no row when it is missing or stopped (it registers again).
update worker
set heartbeat_at = {now}, queues = @queues, concurrency = @concurrency, heartbeat_interval_ms = @interval_ms,
    active = @active, processed = @processed
where name = @name and stopped_at is null;
