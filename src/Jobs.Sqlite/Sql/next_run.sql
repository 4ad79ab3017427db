-- Milliseconds until the next scheduled (or retrying) job of these queues becomes runnable; null when none.
-- No "run_at > now" filter: a job that fell due between the claim and this query must wake the worker at once.
select round((julianday(min(run_at)) - julianday('now')) * 86400000.0)
from job
where state in ('SCHEDULED', 'RETRY')
  and queue in (select value from json_each(@queues));
