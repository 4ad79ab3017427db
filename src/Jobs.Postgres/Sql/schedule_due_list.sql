-- Claims due enabled schedules for this beat's transaction; rows another beat holds are skipped, and a row it has
-- just advanced is re-checked against its new next_run_at, so each slot is claimed once.
select name, task, args::text, queue, priority, cron, every_ms, time_zone, catch_up, next_run_at
from {schema}.schedule
where enabled and next_run_at <= @now
order by next_run_at
limit @limit
for update skip locked;
