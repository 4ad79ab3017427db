-- Inserts events (@events, a JSON array, in order) in one transaction holding an exclusive application lock
-- (@lock_name), so ids commit in id order and a follower reading id > last never skips one.
set nocount on;
set xact_abort on;
begin transaction;
declare @granted int;
exec @granted = sp_getapplock @Resource = @lock_name, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = @lock_timeout_ms;
if @granted < 0 throw 51000, 'Timed out waiting for the events lock.', 1;
insert into {schema}.event (at, type, job_id, task, queue, worker, data)
select e.at, e.type, e.job_id, e.task, e.queue, e.worker, e.data
from openjson(@events) with (
         n      int              '$.n',
         at     datetime2(3)     '$.at',
         type   nvarchar(50)     '$.type',
         job_id uniqueidentifier '$.job_id',
         task   nvarchar(200)    '$.task',
         queue  nvarchar(200)    '$.queue',
         worker nvarchar(200)    '$.worker',
         data   nvarchar(max)    '$.data') as e
order by e.n;
commit transaction;
