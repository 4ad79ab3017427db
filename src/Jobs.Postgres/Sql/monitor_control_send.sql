-- Stores a control request; the lock makes ids commit in order (see monitor_insert_events.sql).
select pg_advisory_xact_lock(@lock);
insert into {schema}.control (command, args, destination, created_at, expires_at)
values (@command, @args::jsonb, @destination, now(), now() + @ttl_ms * interval '1 millisecond')
returning id;
