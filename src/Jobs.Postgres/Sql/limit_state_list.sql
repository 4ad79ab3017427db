-- The locked limits as they are now (a new statement, so a new snapshot that sees what earlier lock holders
-- committed): each bucket's time since its last refill on the database clock (clock_timestamp: now() is the
-- transaction's start, which may be before the lock wait), and the running jobs of each concurrency limit.
with t as (select clock_timestamp() as now)
select l.scope, l.name, l.per_second, l.burst, l.tokens,
       greatest(0, extract(epoch from (t.now - l.refilled_at)) * 1000)::float8 as elapsed_ms,
       l.max_running,
       case when l.max_running is null then 0
            when l.scope = 'queue' then (select count(*) from {schema}.job j where j.state = 'STARTED' and j.queue = l.name)
            else (select count(*) from {schema}.job j where j.state = 'STARTED' and j.task = l.name) end as running,
       t.now
from {schema}.job_limit l cross join t
where (l.per_second is not null or l.max_running is not null)
  and (l.scope = 'task' or l.name = any(@queues))
order by l.scope, l.name
for update of l;
