-- Sets the concurrency limit of a task or queue. Returns the rows written.
set nocount on;
merge {schema}.job_limit with (holdlock) as l
using (select @scope as scope, @name as name) as s on l.scope = s.scope and l.name = s.name
when matched then update set max_running = @max_running, updated_at = sysutcdatetime()
when not matched then insert (scope, name, max_running) values (@scope, @name, @max_running);
select @@rowcount;
