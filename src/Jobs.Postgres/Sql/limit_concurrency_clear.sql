-- Clears the concurrency limit of a task or queue.
update {schema}.job_limit
set max_running = null, updated_at = now()
where scope = @scope and name = @name and max_running is not null;
