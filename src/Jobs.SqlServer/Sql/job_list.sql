-- Lists jobs newest first, a page at a time. Creation order is id_order (the UUIDv7 id in RFC byte order, see
-- migration 1; SQL Server's own uniqueidentifier order is not creation order), so a creation-time range and the next
-- page are both an id_order range on the clustered index, walked backwards until @limit rows match; @id_from and
-- @id_before are the bounds in the same byte order. The argument filter compares the JSON value at a path (its parent
-- object @arg_parent, e.g. '$."customer"', and its name @arg_key) by OPENJSON's type and text, so 42 and "42" differ.
-- The failed token below is job_list.failed.sql when every state asked for is FAILURE or REVOKED (so the filtered
-- job_failed_idx can serve it), else nothing. OPTION (RECOMPILE): planned for the actual filters every time (the
-- absent ones, "@x is null or ...", drop out), which costs well under a millisecond.
select top (@limit)
       id, task, queue, priority, state, args, result, error, traceback, attempt, max_attempts,
       todatetimeoffset(run_at, 0), todatetimeoffset(expires_at, 0), todatetimeoffset(lease_until, 0), worker,
       todatetimeoffset(created_at, 0), todatetimeoffset(started_at, 0), todatetimeoffset(finished_at, 0), terminate,
       trace_parent, parent_id, parent_group_id, root_id, group_id,
       content_type, content_encoding, payload, signature, result_payload, result_signature
from {schema}.job as j
where j.id_order >= @id_from and j.id_order < @id_before
  {failed}
  and (@states is null or j.state in (select [value] from openjson(@states)))
  and (@queue is null or j.queue = @queue)
  and (@task is null or j.task = @task)
  and (@arg_key is null
       or exists (select 1 from openjson(j.args, @arg_parent) as a
                  where a.[key] = @arg_key and a.[type] = @arg_type and (@arg_type = 0 or a.[value] = @arg_text)))
order by j.id_order desc
option (recompile);
