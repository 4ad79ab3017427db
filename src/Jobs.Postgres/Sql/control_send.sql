-- Stores a control request; the lock makes ids commit in order (see event_insert_many.sql).
select pg_advisory_xact_lock(@lock);
insert into {schema}.control (command, args, destination, created_at, expires_at)
values (@command, @args::jsonb, @destination, now(), now() + @ttl_ms * interval '1 millisecond')
returning id;
