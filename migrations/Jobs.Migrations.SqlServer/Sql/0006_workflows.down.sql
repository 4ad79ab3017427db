drop index if exists job_waiting_idx on {schema}.job;
drop index if exists job_root_idx on {schema}.job;
drop index if exists job_parent_group_idx on {schema}.job;
drop table if exists {schema}.job_group;
alter table {schema}.job drop constraint if exists job_immutable_default, job_errback_default;
alter table {schema}.job drop column if exists countdown_ms, errback, immutable, parent_group_id, group_index;
