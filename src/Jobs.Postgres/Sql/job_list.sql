-- Lists jobs for the console, newest first (ids are UUIDv7, so id order is creation order and uses the key).
select id, task, queue, priority, state, args::text, result::text, error, traceback, attempt, max_attempts,
       run_at, expires_at, lease_until, worker, created_at, started_at, finished_at, terminate, trace_parent
from {schema}.job
where (@state::text is null or state = @state)
  and (@queue::text is null or queue = @queue)
  and (@task::text is null or task = @task)
order by id desc
limit @limit;
