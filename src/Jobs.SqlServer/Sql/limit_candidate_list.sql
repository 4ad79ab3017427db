-- Waiting jobs under an active limit whose limits all have budget (blocked tasks and queues are not read), in claim
-- order, locked (UPDLOCK until the limited claim commits) and skipping rows others hold (READPAST, legal under
-- READ_COMMITTED_SNAPSHOT with READCOMMITTEDLOCK); the limit plan chooses among them and the rest stay queued.
declare @now datetime2(3) = sysutcdatetime();
select top (@limit) j.id, j.task, j.queue, cast(case when j.expires_at <= @now then 1 else 0 end as bit) as expired
from {schema}.job as j with (updlock, readpast, rowlock, readcommittedlock)
where j.state in ('PENDING', 'SCHEDULED', 'RETRY')
  and j.queue in (select [value] from openjson(@queues))
  and j.run_at <= @now
  and not exists (select 1 from {schema}.queue as p where p.name = j.queue and p.paused_at is not null)
  and (j.task in (select [value] from openjson(@limited_tasks)) or j.queue in (select [value] from openjson(@limited_queues)))
  and j.task not in (select [value] from openjson(@blocked_tasks))
  and j.queue not in (select [value] from openjson(@blocked_queues))
order by j.priority desc, j.run_at, j.id_order;
