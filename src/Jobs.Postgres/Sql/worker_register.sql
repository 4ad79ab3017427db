-- Inserts or replaces a worker's row: started and heartbeat now, not stopped.
insert into {schema}.worker (name, hostname, pid, queues, pool, concurrency, version, started_at, heartbeat_at,
                             stopped_at, heartbeat_interval_ms, active, processed)
values (@name, @hostname, @pid, @queues, @pool, @concurrency, @version, now(), now(), null, @interval_ms, 0, 0)
on conflict (name) do update
set hostname = excluded.hostname, pid = excluded.pid, queues = excluded.queues, pool = excluded.pool,
    concurrency = excluded.concurrency, version = excluded.version, started_at = now(), heartbeat_at = now(),
    stopped_at = null, heartbeat_interval_ms = excluded.heartbeat_interval_ms, active = 0, processed = 0;
