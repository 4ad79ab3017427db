-- Per-job time limits in milliseconds (Celery's soft_time_limit / time_limit); null: the task's or worker's default.
alter table job add column soft_time_limit_ms integer check (soft_time_limit_ms > 0);
alter table job add column time_limit_ms integer check (time_limit_ms > 0);
