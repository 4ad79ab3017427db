-- A worker's heartbeat with its current figures; no row counted when its row is missing or stopped.
set nocount on;
update {schema}.worker
set heartbeat_at = sysutcdatetime(), queues = @queues, concurrency = @concurrency, heartbeat_interval_ms = @interval_ms,
    active = @active, processed = @processed
where name = @name and stopped_at is null;
select @@rowcount;
