-- Deletes up to @limit finished jobs whose result TTL has passed, 1,000 rows per statement (below lock escalation's
-- ~5,000-lock threshold, so the table is never locked whole), each statement committing on its own, at low deadlock
-- priority (a deadlock with a worker picks the pruner) and skipping rows others hold. Their history (job_attempt)
-- goes with them (on delete cascade). Returns how many were deleted.
set nocount on;
set deadlock_priority low;
declare @cutoff datetime2(3) = dateadd(millisecond, -(@ttl_ms % 1000), dateadd(second, -(@ttl_ms / 1000), sysutcdatetime()));
declare @deleted int = 0, @n int = 1;
while @n > 0 and @deleted < @limit
begin
    delete top (case when @limit - @deleted < 1000 then @limit - @deleted else 1000 end)
    from {schema}.job with (rowlock, readpast)
    where state in ('SUCCESS', 'FAILURE', 'REVOKED') and finished_at < @cutoff;
    set @n = @@rowcount;
    set @deleted = @deleted + @n;
end;
set deadlock_priority normal;
select @deleted;
