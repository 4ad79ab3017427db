-- Requeues finished-unsuccessfully jobs to run now with one more attempt (attempt numbers only grow, so the
-- ownership guard stays sound). @all_failed = 1: every FAILURE job; else the ids in @ids (a JSON array) in FAILURE or
-- REVOKED. The final attempt kept on the row (see job_attempt_list.sql) moves to the history first.
set nocount on;
declare @now datetime2(3) = sysutcdatetime();
declare @targets table (id uniqueidentifier not null primary key);
insert into @targets (id)
select j.id
from {schema}.job as j
where (@all_failed = 1 and j.state = 'FAILURE')
   or (@all_failed = 0 and j.id in (select id from openjson(@ids) with (id uniqueidentifier '$'))
       and j.state in ('FAILURE', 'REVOKED'));
insert into {schema}.job_attempt (job_id, attempt, state, error, traceback, worker, started_at, finished_at)
select j.id, j.attempt, j.state, j.error, j.traceback, j.worker, j.started_at, j.finished_at
from @targets as t
join {schema}.job as j on j.id = t.id
where j.attempt > 0 and j.finished_at is not null
  and not exists (select 1 from {schema}.job_attempt as a where a.job_id = j.id and a.attempt = j.attempt);
declare @retried table (id uniqueidentifier not null, queue nvarchar(200) not null);
update j
set state        = 'PENDING',
    run_at       = @now,
    max_attempts = case when j.max_attempts > j.attempt + 1 then j.max_attempts else j.attempt + 1 end,
    result       = null,
    result_payload = null,
    result_signature = null,
    error        = null,
    traceback    = null,
    worker       = null,
    lease_until  = null,
    started_at   = null,
    finished_at  = null
output inserted.id, inserted.queue into @retried
from @targets as t
join {schema}.job as j with (rowlock) on j.id = t.id
where j.state in ('FAILURE', 'REVOKED')
option (force order, loop join);
select id, queue from @retried;
