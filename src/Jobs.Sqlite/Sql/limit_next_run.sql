-- Milliseconds until the next scheduled (or retrying) job under an active limit falls due; null when none.
select round((julianday(min(run_at)) - julianday('now')) * 86400000.0)
from job
where state in ('SCHEDULED', 'RETRY')
  and queue in (select value from json_each(@queues))
  and (task in (select value from json_each(@limited_tasks)) or queue in (select value from json_each(@limited_queues)));
