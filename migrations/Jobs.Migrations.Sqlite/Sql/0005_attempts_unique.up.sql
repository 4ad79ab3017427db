-- Attempt history: the same contract as PostgreSQL's jobs.job_attempt. SQLite enforces foreign keys only where
-- a connection enables them, so a trigger deletes a job's history with the job (pruning, purge).
create table job_attempt (
    job_id      text    not null references job (id) on delete cascade,
    attempt     integer not null,
    state       text    not null check (state in ('SUCCESS', 'FAILURE', 'RETRY', 'REVOKED')),
    error       text,
    traceback   text,
    worker      text,
    started_at  text,
    finished_at text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    primary key (job_id, attempt)
);

create trigger job_attempt_delete after delete on job
begin
    delete from job_attempt where job_id = old.id;
end;

-- Unique jobs (see PostgreSQL's 0005): unique_states and retry_for are JSON arrays of text.
alter table job add column unique_key text;
alter table job add column unique_until text;
alter table job add column unique_states text check (unique_states is null or json_valid(unique_states));
alter table job add column retry_for text check (retry_for is null or json_valid(retry_for));

create unique index job_unique_key_idx on job (unique_key) where unique_key is not null;
