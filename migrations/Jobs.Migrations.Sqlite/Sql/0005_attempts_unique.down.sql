drop index if exists job_unique_key_idx;
alter table job drop column unique_key;
alter table job drop column unique_until;
alter table job drop column unique_states;
alter table job drop column retry_for;
drop trigger if exists job_attempt_delete;
drop table if exists job_attempt;
