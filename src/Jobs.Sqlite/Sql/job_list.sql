-- Lists jobs newest first, a page at a time (ids are UUIDv7 text, so id order is creation order: a creation-time range
-- and the next page are both an id range on the primary key). The argument filter compares the JSON at @arg_path
-- ('$.customer.name') with @arg_value (JSON text, minified as SQLite's json() writes it).
select id, task, queue, priority, state, args, result, error, traceback, attempt, max_attempts,
       run_at, expires_at, lease_until, worker, created_at, started_at, finished_at, terminate, trace_parent,
       parent_id, parent_group_id, root_id, group_id
from job
where id >= @id_from and id < @id_before
  and (@states is null or state in (select value from json_each(@states)))
  and (@queue is null or queue = @queue)
  and (@task is null or task = @task)
  and (@arg_path is null or args -> @arg_path = json(@arg_value))
order by id desc
limit @limit;
