-- Inserts the jobs of one workflow (see IJobClient.ApplyAsync; @jobs, a JSON array), in the batch that also inserts
-- its groups (workflow_insert.groups.sql). A job that waits for a job or a group is SCHEDULED at 9999-12-31 (never
-- claimed) and keeps its countdown for its release; the others are timed as job_insert_many.sql times them.
-- Returns the queues of the jobs that can run.
declare @wnow datetime2(3) = sysutcdatetime();
declare @inserted table (queue nvarchar(200) not null, run_at datetime2(3) not null);
insert into {schema}.job (id, task, queue, priority, state, args, run_at, expires_at,
                          max_attempts, retry_backoff_ms, retry_backoff_max_ms, soft_time_limit_ms, time_limit_ms,
                          parent_id, parent_group_id, root_id, group_id, group_index, immutable, errback, countdown_ms,
                          retry_for, trace_parent, content_type, content_encoding, payload, signature)
output inserted.queue, inserted.run_at into @inserted
select i.id, i.task, i.queue, i.priority,
       case when t.waiting = 1 or t.at > @wnow then 'SCHEDULED' else 'PENDING' end,
       i.args,
       case when t.waiting = 1 then cast('9999-12-31T00:00:00' as datetime2(3)) else t.at end,
       coalesce(i.expires_at, dateadd(millisecond, i.expires_in_ms % 1000, dateadd(second, i.expires_in_ms / 1000, @wnow))),
       i.max_attempts, i.backoff_ms, i.backoff_max_ms, i.soft_time_limit_ms, i.time_limit_ms,
       i.parent_id, i.parent_group_id, i.root_id, i.group_id, i.group_index, i.immutable, i.errback,
       case when t.waiting = 1 and i.delay_ms > 0 then i.delay_ms end,
       i.retry_for, i.trace_parent, coalesce(i.content_type, 'application/json'), i.content_encoding,
       cast(N'' as xml).value('xs:base64Binary(sql:column("i.payload"))', 'varbinary(max)'), i.signature
from openjson(@jobs) with (
         id                 uniqueidentifier '$.id',
         task               nvarchar(200)    '$.task',
         queue              nvarchar(200)    '$.queue',
         priority           smallint         '$.priority',
         args               nvarchar(max)    '$.args',
         run_at             datetime2(3)     '$.run_at',
         delay_ms           bigint           '$.delay_ms',
         expires_at         datetime2(3)     '$.expires_at',
         expires_in_ms      bigint           '$.expires_in_ms',
         max_attempts       int              '$.max_attempts',
         backoff_ms         int              '$.backoff_ms',
         backoff_max_ms     int              '$.backoff_max_ms',
         soft_time_limit_ms int              '$.soft_time_limit_ms',
         time_limit_ms      int              '$.time_limit_ms',
         parent_id          uniqueidentifier '$.parent_id',
         parent_group_id    uniqueidentifier '$.parent_group_id',
         root_id            uniqueidentifier '$.root_id',
         group_id           uniqueidentifier '$.group_id',
         group_index        int              '$.group_index',
         immutable          bit              '$.immutable',
         errback            bit              '$.errback',
         retry_for          nvarchar(max)    '$.retry_for',
         trace_parent       nvarchar(1000)   '$.trace_parent',
         content_type       nvarchar(100)    '$.content_type',
         content_encoding   nvarchar(100)    '$.content_encoding',
         payload            nvarchar(max)    '$.payload',
         signature          nvarchar(max)    '$.signature') as i
cross apply (select case when i.parent_id is not null or i.parent_group_id is not null then 1 else 0 end as waiting,
                    coalesce(i.run_at, dateadd(millisecond, i.delay_ms % 1000, dateadd(second, i.delay_ms / 1000, @wnow))) as at) as t
where not exists (select 1 from {schema}.job as e with (updlock, holdlock) where e.id = i.id);
select distinct queue from @inserted where run_at < '9999-12-31T00:00:00';
