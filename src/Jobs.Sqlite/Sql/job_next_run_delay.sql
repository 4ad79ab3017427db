-- Milliseconds until the next scheduled (or retrying) job of these queues becomes runnable; null when none.
-- No "run_at > now" filter: a job that fell due between the claim and this query must wake the worker at once.
-- Jobs under an active limit are left out: the limited claim says when to look at those.
select round((julianday(min(run_at)) - julianday('now')) * 86400000.0)
from job
where state in ('SCHEDULED', 'RETRY')
  and run_at < '9999-12-31T00:00:00.000Z' -- not workflow jobs waiting for another job (released, not timed)
  and queue in (select value from json_each(@queues))
  and queue not in (select p.name from queue p where p.paused_at is not null)
  and not exists (select 1 from job_limit l
                  where l.scope = 'task' and l.name = job.task and (l.per_second is not null or l.max_running is not null))
  and not exists (select 1 from job_limit l
                  where l.scope = 'queue' and l.name = job.queue and (l.per_second is not null or l.max_running is not null));
