-- Lists jobs for the console, newest first (ids are UUIDv7 text, so id order is creation order).
select id, task, queue, priority, state, args, result, error, traceback, attempt, max_attempts,
       run_at, expires_at, lease_until, worker, created_at, started_at, finished_at, terminate, trace_parent
from job
where (@state is null or state = @state)
  and (@queue is null or queue = @queue)
  and (@task is null or task = @task)
order by id desc
limit @limit;
