-- Deletes events older than @older_ms (event time), 1,000 rows per statement at low deadlock priority; returns how many.
set nocount on;
set deadlock_priority low;
declare @cutoff datetime2(3) = dateadd(millisecond, -(@older_ms % 1000), dateadd(second, -(@older_ms / 1000), sysutcdatetime()));
declare @deleted int = 0, @n int = 1;
while @n > 0
begin
    delete top (1000) from {schema}.event with (rowlock, readpast) where at < @cutoff;
    set @n = @@rowcount;
    set @deleted = @deleted + @n;
end;
set deadlock_priority normal;
select @deleted;
