-- Attempt history: one row per ended attempt, written in the same statement as the outcome (finish, rescue, revoke).
-- Deleting a job (pruning, purge) deletes its history.
create table {schema}.job_attempt (
    job_id      uuid        not null references {schema}.job (id) on delete cascade,
    attempt     integer     not null,
    state       text        not null
        constraint job_attempt_state_check check (state in ('SUCCESS', 'FAILURE', 'RETRY', 'REVOKED')),
    error       text,
    traceback   text,
    worker      text,
    started_at  timestamptz,
    finished_at timestamptz not null default now(),
    primary key (job_id, attempt)
);

-- Unique jobs: at most one row holds a unique_key at a time (the partial unique index makes that exact under
-- concurrency). The holder blocks duplicates while its state is one of unique_states and unique_until (null: no
-- end) has not passed; an enqueue that finds a holder no longer counting clears its key and takes it over.
-- retry_for: the job's own retryable exception type names (null: the task's policy).
alter table {schema}.job
    add column unique_key    text,
    add column unique_until  timestamptz,
    add column unique_states text[],
    add column retry_for     text[];

create unique index job_unique_key_idx on {schema}.job (unique_key) where unique_key is not null;
