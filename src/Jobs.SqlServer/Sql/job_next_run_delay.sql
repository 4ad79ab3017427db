-- Milliseconds until the next scheduled (or retrying) job of these queues becomes runnable; null when none.
-- No "run_at > now" filter: a job that fell due between the claim and this query must wake the worker at once.
-- Jobs under an active limit and paused queues are left out: the limited claim says when to look at those.
select cast(datediff_big(microsecond, sysutcdatetime(), min(j.run_at)) as float) / 1000
from {schema}.job as j
where j.state in ('SCHEDULED', 'RETRY')
  and j.run_at < '9999-12-31T00:00:00' -- not workflow jobs waiting for another job (released, not timed)
  and j.queue in (select [value] from openjson(@queues))
  and not exists (select 1 from {schema}.queue as p where p.name = j.queue and p.paused_at is not null)
  and not exists (select 1 from {schema}.job_limit as l
                  where (l.per_second is not null or l.max_running is not null)
                    and ((l.scope = 'task' and l.name = j.task) or (l.scope = 'queue' and l.name = j.queue)));
