-- Milliseconds until the next scheduled (or retrying) job under an active limit falls due; null when none.
select (extract(epoch from (min(run_at) - now())) * 1000)::float8
from {schema}.job
where state in ('SCHEDULED', 'RETRY')
  and run_at < timestamptz '9999-12-31 00:00:00+00' -- not workflow jobs waiting for another job (released, not timed)
  and queue = any(@queues)
  and queue <> all (array(select p.name from {schema}.queue p where p.paused_at is not null))
  and (task = any(@limited_tasks) or queue = any(@limited_queues));
