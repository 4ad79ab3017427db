-- Lists jobs newest first, a page at a time (ids are UUIDv7 text, so id order is creation order: a creation-time range
-- and the next page are both an id range on the primary key). The argument filter compares the JSON at @arg_path
-- ('$.customer.name') with @arg_value (JSON text, minified as SQLite's json() writes it); no index can serve a path
-- given as a parameter, so a rare value is a scan of the table, and @arg_needle makes it about three times cheaper:
-- the value's JSON text when every JSON writer writes it verbatim (letters, digits, ' _.:@+-'; see
-- SqliteExecutor.Admin.cs), which a row must contain to match, so most rows are passed over without being parsed.
-- The failed token below is job_list.failed.sql when every state asked for is FAILURE or REVOKED, else nothing.
select id, task, queue, priority, state, args, result, error, traceback, attempt, max_attempts,
       run_at, expires_at, lease_until, worker, created_at, started_at, finished_at, terminate, trace_parent,
       parent_id, parent_group_id, root_id, group_id,
       content_type, content_encoding, payload, signature, result_payload, result_signature
from job
where id >= @id_from and id < @id_before
  {failed}
  and (@states is null or state in (select value from json_each(@states)))
  and (@queue is null or queue = @queue)
  and (@task is null or task = @task)
  and (@arg_needle is null or instr(args, @arg_needle) > 0)
  and (@arg_path is null or args -> @arg_path = json(@arg_value))
order by id desc
limit @limit;
