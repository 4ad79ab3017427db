drop index job_failed_idx;
drop trigger job_count_delete;
drop trigger job_count_update;
drop table job_count;
