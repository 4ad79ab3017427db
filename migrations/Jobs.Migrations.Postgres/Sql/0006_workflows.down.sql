drop index if exists {schema}.job_waiting_idx;
drop index if exists {schema}.job_root_idx;
drop index if exists {schema}.job_parent_group_idx;
drop table if exists {schema}.job_group;
alter table {schema}.job drop column if exists countdown_ms;
alter table {schema}.job drop column if exists errback;
alter table {schema}.job drop column if exists immutable;
alter table {schema}.job drop column if exists parent_group_id;
alter table {schema}.job drop column if exists group_index;
