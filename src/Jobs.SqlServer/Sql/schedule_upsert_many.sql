-- Declares a schedule: inserts it, or updates a changed definition. A changed cron, interval or time zone restarts
-- the timing at @next_run_at (computed by the client from the database clock); other changes keep next_run_at.
-- An unchanged definition is not written at all (no row counted). Returns the rows written.
set nocount on;
merge {schema}.schedule with (holdlock) as s
using (select @name as name) as x on s.name = x.name
when matched and (s.task <> @task or s.args <> @args or s.queue <> @queue or s.priority <> @priority
                  or s.time_zone <> @time_zone or s.catch_up <> @catch_up
                  or coalesce(s.cron, N'') <> coalesce(@cron, N'') or coalesce(s.every_ms, -1) <> coalesce(@every_ms, -1)) then
    update set task        = @task,
               args        = @args,
               queue       = @queue,
               priority    = @priority,
               cron        = @cron,
               every_ms    = @every_ms,
               time_zone   = @time_zone,
               catch_up    = @catch_up,
               next_run_at = case when coalesce(s.cron, N'') <> coalesce(@cron, N'') or coalesce(s.every_ms, -1) <> coalesce(@every_ms, -1)
                                       or s.time_zone <> @time_zone
                                  then @next_run_at else s.next_run_at end,
               updated_at  = sysutcdatetime()
when not matched then
    insert (name, task, args, queue, priority, cron, every_ms, time_zone, catch_up, next_run_at)
    values (@name, @task, @args, @queue, @priority, @cron, @every_ms, @time_zone, @catch_up, @next_run_at);
select @@rowcount;
