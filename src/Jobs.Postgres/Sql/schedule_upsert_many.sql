-- Declares a schedule: inserts it, or updates a changed definition. A changed cron, interval or time zone restarts
-- the timing at @next_run_at (computed by the client from the database clock); other changes keep next_run_at.
-- An unchanged definition is not written at all (no row counted).
insert into {schema}.schedule as s (name, task, args, queue, priority, cron, every_ms, time_zone, catch_up, next_run_at)
values (@name, @task, @args::jsonb, @queue, @priority, @cron, @every_ms, @time_zone, @catch_up, @next_run_at)
on conflict (name) do update
set task        = excluded.task,
    args        = excluded.args,
    queue       = excluded.queue,
    priority    = excluded.priority,
    cron        = excluded.cron,
    every_ms    = excluded.every_ms,
    time_zone   = excluded.time_zone,
    catch_up    = excluded.catch_up,
    next_run_at = case when (s.cron, s.every_ms, s.time_zone) is distinct from (excluded.cron, excluded.every_ms, excluded.time_zone)
                       then excluded.next_run_at else s.next_run_at end,
    updated_at  = statement_timestamp()
where (s.task, s.args, s.queue, s.priority, s.cron, s.every_ms, s.time_zone, s.catch_up)
      is distinct from (excluded.task, excluded.args, excluded.queue, excluded.priority, excluded.cron, excluded.every_ms, excluded.time_zone, excluded.catch_up);
