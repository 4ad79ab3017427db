-- Deletes up to @limit group counters whose members are all gone (pruned), at low deadlock priority and skipping
-- rows others hold. Returns how many.
set nocount on;
set deadlock_priority low;
delete top (@limit) from {schema}.job_group with (rowlock, readpast)
where created_at < dateadd(millisecond, -(@ttl_ms % 1000), dateadd(second, -(@ttl_ms / 1000), sysutcdatetime()))
  and not exists (select 1 from {schema}.job as j where j.group_id = job_group.id);
declare @n int = @@rowcount;
set deadlock_priority normal;
select @n;
