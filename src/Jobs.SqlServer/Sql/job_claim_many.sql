-- Claims up to @limit runnable jobs (highest priority, then earliest run time, then creation order) for one worker
-- and leases them, in one autocommit statement: the rows come from the CTE below, job_claim_many.select.sql (TOP with
-- ORDER BY under UPDLOCK, READPAST, ROWLOCK, READCOMMITTEDLOCK, so many workers claim at once without blocking or
-- taking each other's rows, also under READ_COMMITTED_SNAPSHOT) or job_claim_by_id_many.sql (rows the limited
-- claim already locked and chose). started_at is now, or for the limited claim the clock its buckets were computed
-- with. A job past its expiry is not started: the same statement records it REVOKED ("expired").
-- OUTPUT goes INTO a table variable (the job table has a trigger, which forbids a bare OUTPUT), and OUTPUT has no
-- order, so the batch is handed over sorted.
set nocount on;
declare @now datetime2(3) = sysutcdatetime();
declare @claimed table (
    id uniqueidentifier not null, task nvarchar(200) not null, queue nvarchar(200) not null, priority smallint not null,
    args nvarchar(max), attempt int not null, max_attempts int not null, retry_backoff_ms int not null,
    retry_backoff_max_ms int not null, expired bit not null, run_at datetime2(3) not null, soft_time_limit_ms int,
    time_limit_ms int, retry_for nvarchar(max), standalone bit not null, trace_parent nvarchar(1000), id_order binary(16) not null,
    content_type nvarchar(100) not null, content_encoding nvarchar(100), payload varbinary(max), signature nvarchar(max),
    workflow_input nvarchar(max));
with c as (
{next}
)
update c
set state       = case when c.expires_at <= @now then 'REVOKED' else 'STARTED' end,
    attempt     = case when c.expires_at <= @now then c.attempt else c.attempt + 1 end,
    worker      = @worker,
    started_at  = case when c.expires_at <= @now then c.started_at else {started_at} end,
    lease_until = case when c.expires_at <= @now then null else dateadd(millisecond, @lease_ms, @now) end,
    finished_at = case when c.expires_at <= @now then @now end,
    error       = case when c.expires_at <= @now then 'expired' else c.error end
output inserted.id, inserted.task, inserted.queue, inserted.priority, inserted.args, inserted.attempt, inserted.max_attempts,
       inserted.retry_backoff_ms, inserted.retry_backoff_max_ms,
       cast(case when inserted.state = 'REVOKED' then 1 else 0 end as bit), inserted.run_at,
       inserted.soft_time_limit_ms, inserted.time_limit_ms, inserted.retry_for,
       cast(case when inserted.root_id is null then 1 else 0 end as bit), inserted.trace_parent, inserted.id_order,
       inserted.content_type, inserted.content_encoding, inserted.payload, inserted.signature, inserted.workflow_input
into @claimed;
select id, task, queue, priority, args, attempt, max_attempts, retry_backoff_ms, retry_backoff_max_ms, expired, run_at,
       soft_time_limit_ms, time_limit_ms, retry_for, standalone, trace_parent,
       content_type, content_encoding, payload, signature, workflow_input
from @claimed
order by priority desc, run_at, id_order;
