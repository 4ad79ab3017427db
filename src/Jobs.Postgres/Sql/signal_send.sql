-- The store's wake-ups for its own autocommit writes, sent after they commit (see PostgresNotifier): queues that
-- have new jobs, and finished job ids in chunks of at most 200.
select pg_notify(@available_channel, q) from unnest(@queues::text[]) as q
union all
select pg_notify(@finished_channel, c) from unnest(@finished::text[]) as c;
