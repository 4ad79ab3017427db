-- Milliseconds until the next scheduled (or retrying) job of these queues becomes runnable; null when none.
select (extract(epoch from (min(run_at) - now())) * 1000)::float8
from {schema}.job
where state in ('SCHEDULED', 'RETRY')
  and queue = any(@queues)
  and run_at > now();
