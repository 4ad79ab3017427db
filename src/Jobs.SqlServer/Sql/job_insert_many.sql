-- Inserts a batch of jobs given as one JSON array (@jobs; larger batches use SqlBulkCopy, see SqlServerExecutor).
-- Relative times are resolved on the database clock (SYSUTCDATETIME(), read once). An id that exists already is
-- skipped, so retrying an enqueue with the same ids is idempotent; a unique job (unique_key set) whose key another
-- row holds is skipped too (see job_insert_unique.release.sql). UPDLOCK, HOLDLOCK on the existence probes lock the
-- key ranges until the insert, so two racing inserts of one id or key take turns instead of failing on the index.
-- A job that is not plain JSON (README "Payloads: codecs and compression") has its bytes in payload (base64 in @jobs)
-- and a null args. Returns how many rows were inserted.
set nocount on;
declare @now datetime2(3) = sysutcdatetime();
insert into {schema}.job (id, task, queue, priority, state, args, run_at, expires_at,
                          max_attempts, retry_backoff_ms, retry_backoff_max_ms, soft_time_limit_ms, time_limit_ms,
                          retry_for, unique_key, unique_until, unique_states, trace_parent,
                          content_type, content_encoding, payload, signature)
select i.id, i.task, i.queue, i.priority,
       case when t.at > @now then 'SCHEDULED' else 'PENDING' end,
       i.args, t.at,
       coalesce(i.expires_at, dateadd(millisecond, i.expires_in_ms % 1000, dateadd(second, i.expires_in_ms / 1000, @now))),
       i.max_attempts, i.backoff_ms, i.backoff_max_ms, i.soft_time_limit_ms, i.time_limit_ms,
       i.retry_for, i.unique_key,
       dateadd(millisecond, i.unique_period_ms % 1000, dateadd(second, i.unique_period_ms / 1000, @now)),
       i.unique_states, i.trace_parent, coalesce(i.content_type, 'application/json'), i.content_encoding,
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
         retry_for          nvarchar(max)    '$.retry_for',
         unique_key         nvarchar(400)    '$.unique_key',
         unique_period_ms   bigint           '$.unique_period_ms',
         unique_states      nvarchar(max)    '$.unique_states',
         trace_parent       nvarchar(1000)   '$.trace_parent',
         content_type       nvarchar(100)    '$.content_type',
         content_encoding   nvarchar(100)    '$.content_encoding',
         payload            nvarchar(max)    '$.payload',
         signature          nvarchar(max)    '$.signature') as i
cross apply (select coalesce(i.run_at, dateadd(millisecond, i.delay_ms % 1000, dateadd(second, i.delay_ms / 1000, @now))) as at) as t
where not exists (select 1 from {schema}.job as e with (updlock, holdlock) where e.id = i.id)
  and (i.unique_key is null
       or not exists (select 1 from {schema}.job as u with (updlock, holdlock) where u.unique_key = i.unique_key));
select @@rowcount as inserted;
