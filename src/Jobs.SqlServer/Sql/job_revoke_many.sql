-- Revokes unfinished jobs (@terminate = 1: a running one's process is to be killed, see the process pool). A running
-- job's worker no longer owns it (state <> 'STARTED'): its heartbeat cancels the attempt and its completion is
-- rejected. Rows are locked in id order (see job_finish_many.sql), so revoking many running jobs cannot deadlock with
-- the heartbeat and completion statements. A running job's attempt joins its history (job_attempt) as REVOKED.
set nocount on;
declare @now datetime2(3) = sysutcdatetime();
declare @targets table (id uniqueidentifier not null primary key);
insert into @targets (id) select distinct id from openjson(@ids) with (id uniqueidentifier '$');
declare @revoked table (id uniqueidentifier not null, attempt int not null, worker nvarchar(200), started_at datetime2(3),
                        was nvarchar(16) not null);
update j
set state       = 'REVOKED',
    error       = @reason,
    terminate   = case when @terminate = 1 and j.state = 'STARTED' then 1 else 0 end,
    lease_until = null,
    finished_at = @now
output inserted.id, inserted.attempt, inserted.worker, inserted.started_at, deleted.state into @revoked
from @targets as t
join {schema}.job as j with (rowlock) on j.id = t.id
where j.state in ('SCHEDULED', 'PENDING', 'RETRY', 'STARTED')
option (force order, loop join);
insert into {schema}.job_attempt (job_id, attempt, state, error, worker, started_at, finished_at)
select r.id, r.attempt, 'REVOKED', @reason, r.worker, r.started_at, @now
from @revoked as r
where r.was = 'STARTED'
  and not exists (select 1 from {schema}.job_attempt as a where a.job_id = r.id and a.attempt = r.attempt);
select id from @revoked;
