-- The store's wake-ups, sent after the writes committed (see PostgresNotifier) or inside a caller's transaction:
-- queues that have new jobs, finished job ids in chunks of at most 200, and whether control requests or events were
-- stored (a null channel sends nothing).
select pg_notify(@available_channel, q) from unnest(@queues::text[]) as q
union all
select pg_notify(@finished_channel, c) from unnest(@finished::text[]) as c
union all
select pg_notify(@control_channel::text, '') where @control_channel::text is not null
union all
select pg_notify(@events_channel::text, '') where @events_channel::text is not null;
