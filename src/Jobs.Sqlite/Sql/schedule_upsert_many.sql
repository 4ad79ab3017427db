-- Declares a schedule: inserts it, or updates a changed definition. A changed cron, interval or time zone restarts
-- the timing at @next_run_at (computed by the client from the database clock); other changes keep next_run_at.
-- An unchanged definition is not written at all (no row counted).
insert into schedule (name, task, args, queue, priority, cron, every_ms, time_zone, catch_up, next_run_at)
values (@name, @task, @args, @queue, @priority, @cron, @every_ms, @time_zone, @catch_up, @next_run_at)
on conflict (name) do update
set task        = excluded.task,
    args        = excluded.args,
    queue       = excluded.queue,
    priority    = excluded.priority,
    cron        = excluded.cron,
    every_ms    = excluded.every_ms,
    time_zone   = excluded.time_zone,
    catch_up    = excluded.catch_up,
    next_run_at = case when cron is not excluded.cron or every_ms is not excluded.every_ms or time_zone is not excluded.time_zone
                       then excluded.next_run_at else next_run_at end,
    updated_at  = {now}
where task is not excluded.task or args is not excluded.args or queue is not excluded.queue
   or priority is not excluded.priority or cron is not excluded.cron or every_ms is not excluded.every_ms
   or time_zone is not excluded.time_zone or catch_up is not excluded.catch_up;
