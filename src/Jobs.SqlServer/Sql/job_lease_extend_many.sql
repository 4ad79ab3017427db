-- The heartbeat: extends the leases of all attempts a worker still owns (j.worker = @worker and j.attempt =
-- h.attempt); returns those (id, attempt) pairs (others were lost). Rows are locked in id order (see
-- job_finish_many.sql), so concurrent heartbeats, completions and releases of one worker cannot deadlock.
set nocount on;
declare @now datetime2(3) = sysutcdatetime();
declare @held table (id uniqueidentifier not null primary key, attempt int not null);
insert into @held (id, attempt)
select id, attempt from openjson(@jobs) with (id uniqueidentifier '$.id', attempt int '$.attempt');
declare @extended table (id uniqueidentifier not null, attempt int not null);
update j
set lease_until = dateadd(millisecond, @lease_ms, @now)
output inserted.id, inserted.attempt into @extended
from @held as h
join {schema}.job as j with (rowlock) on j.id = h.id
where j.worker = @worker and j.attempt = h.attempt and j.state = 'STARTED'
option (force order, loop join);
select id, attempt from @extended;
