-- Lists jobs newest first, a page at a time (ids are UUIDv7, so id order is creation order: a creation-time range and
-- the next page are both an id range on the primary key, walked backwards until @limit rows match). The argument
-- filter is a containment test (args @> {"customer":{"name":"ACME"}}), which a GIN index on args would serve when
-- one exists (see README "Searching jobs").
select id, task, queue, priority, state, args::text, result::text, error, traceback, attempt, max_attempts,
       run_at, expires_at, lease_until, worker, created_at, started_at, finished_at, terminate, trace_parent,
       parent_id, parent_group_id, root_id, group_id,
       content_type, content_encoding, payload, signature, result_payload, result_signature
from {schema}.job
where id >= @id_from and id < @id_before
  and (@states::text[] is null or state = any(@states))
  and (@queue::text is null or queue = @queue)
  and (@task::text is null or task = @task)
  and (@args::jsonb is null or args @> @args)
order by id desc
limit @limit;
