drop index if exists job_running_idx;
alter table job drop column terminate;
drop table if exists job_limit;
