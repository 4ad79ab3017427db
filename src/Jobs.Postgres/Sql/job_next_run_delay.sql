-- Milliseconds until the next scheduled (or retrying) job of these queues becomes runnable; null when none.
-- No "run_at > now()" filter: a job that fell due between the claim and this query must wake the worker at once.
-- Jobs under an active limit are left out: the limited claim says when to look at those.
select (extract(epoch from (min(run_at) - now())) * 1000)::float8
from {schema}.job
where state in ('SCHEDULED', 'RETRY')
  and run_at < timestamptz '9999-12-31 00:00:00+00' -- not workflow jobs waiting for another job (released, not timed)
  and queue = any(@queues)
  and queue <> all (array(select p.name from {schema}.queue p where p.paused_at is not null))
  and not exists (select 1 from {schema}.job_limit l
                  where l.scope = 'task' and l.name = job.task and (l.per_second is not null or l.max_running is not null))
  and not exists (select 1 from {schema}.job_limit l
                  where l.scope = 'queue' and l.name = job.queue and (l.per_second is not null or l.max_running is not null));
