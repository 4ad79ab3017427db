-- Per-job time limits in milliseconds (Celery's soft_time_limit / time_limit); null: the task's or worker's default.
alter table {schema}.job add
    soft_time_limit_ms int constraint job_soft_time_limit_check check (soft_time_limit_ms > 0),
    time_limit_ms      int constraint job_time_limit_check check (time_limit_ms > 0);
