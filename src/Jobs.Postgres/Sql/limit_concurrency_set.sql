-- Sets the concurrency limit of a task or queue.
insert into {schema}.job_limit as l (scope, name, max_running)
values (@scope, @name, @max_running)
on conflict (scope, name) do update
set max_running = excluded.max_running, updated_at = now();
