-- The active limits that apply to a claimer of @queues (task limits apply to every queue), read inside the claim's
-- BEGIN IMMEDIATE, so concurrent limited claims take turns: each bucket's time since its last refill on the database
-- clock, and the running jobs of each concurrency limit.
select l.scope, l.name, l.per_second, l.burst, l.tokens,
       max(0, (julianday({now}) - julianday(l.refilled_at)) * 86400000.0) as elapsed_ms,
       l.max_running,
       case when l.max_running is null then 0
            when l.scope = 'queue' then (select count(*) from job j where j.state = 'STARTED' and j.queue = l.name)
            else (select count(*) from job j where j.state = 'STARTED' and j.task = l.name) end as running,
       {now} as now
from job_limit l
where (l.per_second is not null or l.max_running is not null)
  and (l.scope = 'task' or l.name in (select value from json_each(@queues)))
order by l.scope, l.name;
