-- Waiting jobs under an active limit whose limits all have budget (blocked tasks and queues are not read), in claim
-- order; the limit plan chooses among them and the rest stay queued.
select id, task, queue, coalesce(expires_at <= {now}, 0) as expired
from job
where state in ('PENDING', 'SCHEDULED', 'RETRY')
  and queue in (select value from json_each(@queues))
  and queue not in (select p.name from queue p where p.paused_at is not null)
  and run_at <= {now}
  and (task in (select value from json_each(@limited_tasks)) or queue in (select value from json_each(@limited_queues)))
  and task not in (select value from json_each(@blocked_tasks))
  and queue not in (select value from json_each(@blocked_queues))
order by priority desc, run_at, id
limit @limit;
