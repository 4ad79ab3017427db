drop index if exists {schema}.job_unique_key_idx;
alter table {schema}.job
    drop column if exists unique_key,
    drop column if exists unique_until,
    drop column if exists unique_states,
    drop column if exists retry_for;
drop table if exists {schema}.job_attempt;
