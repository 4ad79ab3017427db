select name, task, args, queue, priority, cron, every_ms, time_zone, catch_up,
       enabled, todatetimeoffset(next_run_at, 0), todatetimeoffset(last_run_at, 0), last_job_id,
       todatetimeoffset(created_at, 0), todatetimeoffset(updated_at, 0)
from {schema}.schedule
order by name;
