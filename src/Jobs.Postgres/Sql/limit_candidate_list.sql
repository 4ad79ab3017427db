-- Waiting jobs under an active limit whose limits all have budget (blocked tasks and queues are not read), in claim
-- order, locked with SKIP LOCKED; the limit plan chooses among them and the rest stay queued.
select id, task, queue, coalesce(expires_at <= now(), false) as expired
from {schema}.job
where state in ('PENDING', 'SCHEDULED', 'RETRY')
  and queue = any(@queues)
  and queue <> all (array(select p.name from {schema}.queue p where p.paused_at is not null))
  and run_at <= now()
  and (task = any(@limited_tasks) or queue = any(@limited_queues))
  and not (task = any(@blocked_tasks))
  and not (queue = any(@blocked_queues))
order by priority desc, run_at, id
limit @limit
for update skip locked;
