drop index if exists job_waiting_idx;
drop index if exists job_root_idx;
drop index if exists job_parent_group_idx;
drop table if exists job_group;
alter table job drop column countdown_ms;
alter table job drop column errback;
alter table job drop column immutable;
alter table job drop column parent_group_id;
alter table job drop column group_index;
