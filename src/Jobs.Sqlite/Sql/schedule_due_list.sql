-- Due enabled schedules; the caller's BEGIN IMMEDIATE transaction makes beats take turns, so each slot is claimed once.
select name, task, args, queue, priority, cron, every_ms, time_zone, catch_up, next_run_at
from schedule
where enabled = 1 and next_run_at <= @now
order by next_run_at
limit @limit;
