alter table {schema}.job drop constraint if exists job_soft_time_limit_check, job_time_limit_check;
alter table {schema}.job drop column if exists soft_time_limit_ms, time_limit_ms;
