-- Inserts one job of a workflow (run once per job inside the transaction that also inserts its groups). A job that
-- waits for a job or a group is SCHEDULED at '9999-12-31T00:00:00.000Z' (never claimed) and keeps its countdown for its release; the
-- others are timed as job_insert_many.sql times them.
insert into job (id, task, queue, priority, state, args, run_at, expires_at, max_attempts, retry_backoff_ms, retry_backoff_max_ms,
                 soft_time_limit_ms, time_limit_ms, parent_id, parent_group_id, root_id, group_id, group_index, immutable, errback, countdown_ms, retry_for, trace_parent,
                 content_type, content_encoding, payload, signature)
select @id, @task, @queue, @priority,
       case when @waiting or t.at > {now} then 'SCHEDULED' else 'PENDING' end,
       @args,
       case when @waiting then '9999-12-31T00:00:00.000Z' else t.at end,
       coalesce(@expires_at, case when @expires_in_ms is not null then {now_plus:@expires_in_ms} end),
       @max_attempts, @backoff_ms, @backoff_max_ms, @soft_time_limit_ms, @time_limit_ms,
       @parent_id, @parent_group_id, @root_id, @group_id, @group_index, @immutable, @errback,
       case when @waiting and @delay_ms > 0 then @delay_ms end,
       @retry_for, @trace_parent, coalesce(@content_type, 'application/json'), @content_encoding, @payload, @signature
from (select coalesce(@run_at, {now_plus:@delay_ms}) as at) t
where true
on conflict (id) do nothing;
