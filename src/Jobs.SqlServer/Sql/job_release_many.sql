-- Graceful shutdown: returns claimed jobs to their queue without counting the attempt, and wakes other workers.
-- Fenced by ownership (j.worker = @worker and j.attempt = h.attempt); rows locked in id order (see job_finish_many.sql).
set nocount on;
declare @now datetime2(3) = sysutcdatetime();
declare @held table (id uniqueidentifier not null primary key, attempt int not null);
insert into @held (id, attempt)
select id, attempt from openjson(@jobs) with (id uniqueidentifier '$.id', attempt int '$.attempt');
declare @released table (queue nvarchar(200) not null);
update j
set state       = case when j.run_at > @now then 'SCHEDULED' else 'PENDING' end,
    attempt     = j.attempt - 1,
    worker      = null,
    lease_until = null,
    started_at  = null
output inserted.queue into @released
from @held as h
join {schema}.job as j with (rowlock) on j.id = h.id
where j.worker = @worker and j.attempt = h.attempt and j.state = 'STARTED'
option (force order, loop join);
select queue from @released;
