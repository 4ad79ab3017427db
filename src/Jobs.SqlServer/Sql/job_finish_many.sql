-- Records the outcomes of many attempts in one statement (@outcomes: a JSON array). Guarded by ownership: a row is
-- written only while the same worker still holds the same attempt (j.worker = @worker and j.attempt = o.attempt),
-- so a zombie cannot overwrite a rescued job's result. One lock order everywhere: the outcomes are keyed by id in a
-- table variable that drives a nested-loop join (FORCE ORDER), so job rows are locked in id order, as the heartbeat,
-- the release and the revoke lock them, and concurrent statements cannot deadlock.
-- Returns what changed (ended ids; queues of retries), which Core sends as wake-ups after the commit.
-- An attempt that ends in RETRY joins its job's history (job_attempt) in the same batch; a final attempt stays on the
-- job row (job_attempt_list.sql reads both).
set nocount on;
declare @now datetime2(3) = sysutcdatetime();
declare @input table (
    id uniqueidentifier not null primary key, attempt int not null, state nvarchar(16) not null, result nvarchar(max),
    error nvarchar(max), traceback nvarchar(max), delay_ms bigint not null, result_payload varbinary(max),
    result_signature nvarchar(max));
insert into @input (id, attempt, state, result, error, traceback, delay_ms, result_payload, result_signature)
select id, attempt, state, result, error, traceback, delay_ms,
       cast(N'' as xml).value('xs:base64Binary(sql:column("result_payload"))', 'varbinary(max)'), result_signature
from openjson(@outcomes) with (
         id        uniqueidentifier '$.id',
         attempt   int              '$.attempt',
         state     nvarchar(16)     '$.state',
         result    nvarchar(max)    '$.result',
         error     nvarchar(max)    '$.error',
         traceback nvarchar(max)    '$.traceback',
         delay_ms  bigint           '$.delay_ms',
         result_payload   nvarchar(max) '$.result_payload',
         result_signature nvarchar(max) '$.result_signature');
declare @done table (
    id uniqueidentifier not null, state nvarchar(16) not null, queue nvarchar(200) not null, attempt int not null,
    error nvarchar(max), traceback nvarchar(max), worker nvarchar(200), started_at datetime2(3));
update j
set state       = o.state,
    result      = o.result,
    result_payload   = o.result_payload,
    result_signature = o.result_signature,
    error       = o.error,
    traceback   = o.traceback,
    lease_until = null,
    finished_at = case when o.state = 'RETRY' then null else @now end,
    run_at      = case when o.state = 'RETRY'
                       then dateadd(millisecond, o.delay_ms % 1000, dateadd(second, o.delay_ms / 1000, @now))
                       else j.run_at end
output inserted.id, inserted.state, inserted.queue, inserted.attempt, inserted.error, inserted.traceback, inserted.worker,
       inserted.started_at
into @done
from @input as o
join {schema}.job as j with (rowlock) on j.id = o.id
where j.worker = @worker and j.attempt = o.attempt and j.state = 'STARTED'
option (force order, loop join);
insert into {schema}.job_attempt (job_id, attempt, state, error, traceback, worker, started_at, finished_at)
select d.id, d.attempt, d.state, d.error, d.traceback, d.worker, d.started_at, @now
from @done as d
where d.state = 'RETRY'
  and not exists (select 1 from {schema}.job_attempt as a where a.job_id = d.id and a.attempt = d.attempt);
select id, state, queue from @done;
