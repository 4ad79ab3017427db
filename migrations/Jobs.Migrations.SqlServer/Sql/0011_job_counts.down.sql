drop index if exists job_failed_idx on {schema}.job;
drop trigger if exists {schema}.job_count_change;
drop procedure if exists {schema}.job_count_rebuild;
drop procedure if exists {schema}.job_count_fold;
drop table if exists {schema}.job_count_delta;
drop table if exists {schema}.job_count;
