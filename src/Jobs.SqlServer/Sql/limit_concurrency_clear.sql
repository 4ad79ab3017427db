-- Clears the concurrency limit of a task or queue.
set nocount on;
update {schema}.job_limit
set max_running = null, updated_at = sysutcdatetime()
where scope = @scope and name = @name and max_running is not null;
select @@rowcount;
