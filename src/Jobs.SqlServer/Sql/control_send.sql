-- Stores a remote-control request expiring after @ttl_ms, under an exclusive application lock (@lock_name) so ids
-- commit in id order (as events do); returns its id.
set nocount on;
set xact_abort on;
begin transaction;
declare @granted int;
exec @granted = sp_getapplock @Resource = @lock_name, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = @lock_timeout_ms;
if @granted < 0 throw 51000, 'Timed out waiting for the control lock.', 1;
declare @now datetime2(3) = sysutcdatetime();
insert into {schema}.control (command, args, destination, created_at, expires_at)
output inserted.id
values (@command, @args, @destination, @now, dateadd(millisecond, @ttl_ms % 1000, dateadd(second, @ttl_ms / 1000, @now)));
commit transaction;
