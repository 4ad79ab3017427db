-- Inserts the jobs of one workflow (see IJobClient.ApplyAsync), in the transaction that also inserts its groups.
-- A job that waits for a job or a group is SCHEDULED at 9999-12-31 (never claimed) and keeps its countdown for its
-- release; the others are timed as job_insert_many.sql times them. Returns the queues of the jobs that can run.
with input as (
    select *
    from unnest(@ids::uuid[], @tasks::text[], @queues::text[], @priorities::smallint[], @args::jsonb[],
                @run_ats::timestamptz[], @delays_ms::bigint[], @expires_ats::timestamptz[], @expires_in_ms::bigint[],
                @max_attempts::int[], @backoff_ms::int[], @backoff_max_ms::int[], @soft_limits_ms::int[], @limits_ms::int[],
                @parent_ids::uuid[], @parent_group_ids::uuid[], @root_ids::uuid[], @group_ids::uuid[], @group_indexes::int[],
                @immutables::boolean[], @errbacks::boolean[], @retry_fors::jsonb[], @trace_parents::text[],
                @content_types::text[], @content_encodings::text[], @payloads::bytea[], @signatures::text[])
        as t(id, task, queue, priority, args, run_at, delay_ms, expires_at, expires_in_ms, max_attempts, backoff_ms, backoff_max_ms,
             soft_time_limit_ms, time_limit_ms, parent_id, parent_group_id, root_id, group_id, group_index, immutable, errback, retry_for, trace_parent,
             content_type, content_encoding, payload, signature)
    where set_config('jobs.notify_inserts', 'off', true) = 'off' -- the store notifies itself: see job_insert_many.sql
), timed as (
    select i.*,
           (i.parent_id is not null or i.parent_group_id is not null) as waiting,
           coalesce(i.run_at, statement_timestamp() + i.delay_ms * interval '1 millisecond') as at
    from input i
), inserted as (
    insert into {schema}.job (id, task, queue, priority, state, args, run_at, expires_at,
                              max_attempts, retry_backoff_ms, retry_backoff_max_ms, soft_time_limit_ms, time_limit_ms,
                              parent_id, parent_group_id, root_id, group_id, group_index, immutable, errback, countdown_ms, retry_for, trace_parent,
                              content_type, content_encoding, payload, signature)
    select id, task, queue, priority,
           case when waiting or at > statement_timestamp() then 'SCHEDULED' else 'PENDING' end,
           args,
           case when waiting then timestamptz '9999-12-31 00:00:00+00' else at end,
           coalesce(expires_at, statement_timestamp() + expires_in_ms * interval '1 millisecond'),
           max_attempts, backoff_ms, backoff_max_ms, soft_time_limit_ms, time_limit_ms,
           parent_id, parent_group_id, root_id, group_id, group_index, immutable, errback,
           case when waiting and delay_ms > 0 then delay_ms end,
           case when retry_for is not null then array(select jsonb_array_elements_text(retry_for)) end,
           trace_parent, coalesce(content_type, 'application/json'), content_encoding, payload, signature
    from timed
    on conflict (id) do nothing
    returning queue, run_at
)
select distinct queue from inserted where run_at < timestamptz '9999-12-31 00:00:00+00';
