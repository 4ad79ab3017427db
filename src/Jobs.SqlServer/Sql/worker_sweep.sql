-- Marks stopped the workers whose last heartbeat is older than three of their intervals and returns their names;
-- deletes rows stopped longer than @forget_ms.
set nocount on;
declare @now datetime2(3) = sysutcdatetime();
declare @lapsed table (name nvarchar(200) not null);
update {schema}.worker
set stopped_at = @now
output inserted.name into @lapsed
where stopped_at is null
  and dateadd(millisecond, 3 * cast(heartbeat_interval_ms as bigint) % 1000, dateadd(second, 3 * cast(heartbeat_interval_ms as bigint) / 1000, heartbeat_at)) <= @now;
delete from {schema}.worker
where stopped_at < dateadd(millisecond, -(@forget_ms % 1000), dateadd(second, -(@forget_ms / 1000), @now));
select name from @lapsed order by name;
