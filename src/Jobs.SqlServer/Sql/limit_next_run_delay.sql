-- Milliseconds until the next scheduled (or retrying) job under an active limit falls due; null when none.
select cast(datediff_big(microsecond, sysutcdatetime(), min(j.run_at)) as float) / 1000
from {schema}.job as j
where j.state in ('SCHEDULED', 'RETRY')
  and j.run_at < '9999-12-31T00:00:00' -- not workflow jobs waiting for another job (released, not timed)
  and j.queue in (select [value] from openjson(@queues))
  and not exists (select 1 from {schema}.queue as p where p.name = j.queue and p.paused_at is not null)
  and (j.task in (select [value] from openjson(@limited_tasks)) or j.queue in (select [value] from openjson(@limited_queues)));
