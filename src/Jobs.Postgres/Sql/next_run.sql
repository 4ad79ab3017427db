-- Milliseconds until the next scheduled (or retrying) job of these queues becomes runnable; null when none.
-- No "run_at > now()" filter: a job that fell due between the claim and this query must wake the worker at once.
select (extract(epoch from (min(run_at) - now())) * 1000)::float8
from {schema}.job
where state in ('SCHEDULED', 'RETRY')
  and queue = any(@queues);
