drop index if exists {schema}.job_running_idx;
alter table {schema}.job drop column if exists terminate;
drop table if exists {schema}.job_limit;
