-- Attempt history: one row per ended attempt, written in the same statement as the outcome (finish, rescue, revoke).
-- Deleting a job (pruning, purge) deletes its history.
create table {schema}.job_attempt (
    job_id      uniqueidentifier not null
        constraint job_attempt_job_fkey references {schema}.job (id) on delete cascade,
    attempt     int              not null,
    state       nvarchar(16)     not null
        constraint job_attempt_state_check check (state in ('SUCCESS', 'FAILURE', 'RETRY', 'REVOKED')),
    error       nvarchar(max),
    traceback   nvarchar(max),
    worker      nvarchar(200),
    started_at  datetime2(3),
    finished_at datetime2(3)     not null constraint job_attempt_finished_at_default default sysutcdatetime(),
    constraint job_attempt_pkey primary key (job_id, attempt)
);

-- Unique jobs: at most one row holds a unique_key at a time (the filtered unique index makes that exact under
-- concurrency). The holder blocks duplicates while its state is one of unique_states (a JSON array of state names)
-- and unique_until (null: no end) has not passed; an enqueue that finds a holder no longer counting clears its key
-- and takes it over. retry_for: the job's own retryable exception type names, a JSON array (null: the task's policy).
alter table {schema}.job add
    unique_key    nvarchar(400),
    unique_until  datetime2(3),
    unique_states nvarchar(max) constraint job_unique_states_json_check check (isjson(unique_states) = 1),
    retry_for     nvarchar(max) constraint job_retry_for_json_check check (isjson(retry_for) = 1);

GO

create unique index job_unique_key_idx on {schema}.job (unique_key) where unique_key is not null;
