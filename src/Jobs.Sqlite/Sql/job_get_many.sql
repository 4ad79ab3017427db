select id, task, queue, priority, state, args, result, error, traceback, attempt, max_attempts,
       run_at, expires_at, lease_until, worker, created_at, started_at, finished_at, terminate, trace_parent,
       parent_id, parent_group_id, root_id, group_id,
       content_type, content_encoding, payload, signature, result_payload, result_signature
from job
where id in (select value from json_each(@ids));
