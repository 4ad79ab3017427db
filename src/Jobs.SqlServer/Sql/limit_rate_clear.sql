-- Clears the rate limit of a task or queue (the row and its declaration stay, so a restart does not bring it back).
set nocount on;
update {schema}.job_limit
set rate = null, per_second = null, burst = null, updated_at = sysutcdatetime()
where scope = @scope and name = @name and rate is not null;
select @@rowcount;
