select id, task, queue, priority, state, args, result, error, traceback, attempt, max_attempts,
       todatetimeoffset(run_at, 0), todatetimeoffset(expires_at, 0), todatetimeoffset(lease_until, 0), worker,
       todatetimeoffset(created_at, 0), todatetimeoffset(started_at, 0), todatetimeoffset(finished_at, 0), terminate,
       trace_parent, parent_id, parent_group_id, root_id, group_id,
       content_type, content_encoding, payload, signature, result_payload, result_signature
from {schema}.job
where id in (select id from openjson(@ids) with (id uniqueidentifier '$'));
