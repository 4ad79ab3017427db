drop index if exists job_running_idx on {schema}.job;
alter table {schema}.job drop constraint if exists job_terminate_default;
alter table {schema}.job drop column if exists terminate;
drop table if exists {schema}.job_limit;
