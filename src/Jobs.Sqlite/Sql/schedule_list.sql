select name, task, args, queue, priority, cron, every_ms, time_zone, catch_up,
       enabled, next_run_at, last_run_at, last_job_id, created_at, updated_at
from schedule
order by name;
