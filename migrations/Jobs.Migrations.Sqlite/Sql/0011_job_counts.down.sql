drop trigger job_count_delete;
drop trigger job_count_update;
drop trigger job_count_insert;
drop table job_count;
