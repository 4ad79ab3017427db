-- Milliseconds until the next scheduled (or retrying) job under an active limit falls due; null when none.
select round((julianday(min(run_at)) - julianday('now')) * 86400000.0)
from job
where state in ('SCHEDULED', 'RETRY')
  and run_at < '9999-12-31T00:00:00.000Z' -- not workflow jobs waiting for another job (released, not timed)
  and queue in (select value from json_each(@queues))
  and queue not in (select p.name from queue p where p.paused_at is not null)
  and (task in (select value from json_each(@limited_tasks)) or queue in (select value from json_each(@limited_queues)));
