drop index if exists job_unique_key_idx on {schema}.job;
alter table {schema}.job drop constraint if exists job_unique_states_json_check, job_retry_for_json_check;
alter table {schema}.job drop column if exists unique_key, unique_until, unique_states, retry_for;
drop table if exists {schema}.job_attempt;
