-- The locked limits as they are now (a new statement after the lock statement, so under READ_COMMITTED_SNAPSHOT a
-- new snapshot that sees what earlier lock holders committed): each bucket's time since its last refill on the
-- database clock, and the running jobs of each concurrency limit.
select l.scope, l.name, l.per_second, l.burst, l.tokens,
       case when l.refilled_at > t.now then 0e0
            else cast(datediff_big(microsecond, l.refilled_at, t.now) as float) / 1000 end as elapsed_ms,
       l.max_running,
       case when l.max_running is null then cast(0 as bigint)
            when l.scope = 'queue' then (select count_big(*) from {schema}.job as j where j.state = 'STARTED' and j.queue = l.name)
            else (select count_big(*) from {schema}.job as j where j.state = 'STARTED' and j.task = l.name) end as running,
       t.now
from {schema}.job_limit as l with (updlock, rowlock, readcommittedlock)
cross join (select sysutcdatetime() as now) as t
where (l.per_second is not null or l.max_running is not null)
  and (l.scope = 'task' or l.name in (select [value] from openjson(@queues)))
order by l.scope, l.name;
