-- The job table for SQLite: the same contract as PostgreSQL's jobs.job (README "Tables"). SQLite has no schemas,
-- so the table is `job` in the main database. Ids are UUID text; times are ISO 8601 UTC text
-- ('2026-01-31T12:00:00.000Z'), which sorts in time order and works with SQLite's date functions.
create table job (
    id                   text    not null primary key,
    task                 text    not null,
    queue                text    not null default 'default',
    priority             integer not null default 0,
    state                text    not null default 'PENDING'
        check (state in ('SCHEDULED', 'PENDING', 'STARTED', 'RETRY', 'SUCCESS', 'FAILURE', 'REVOKED')),
    args                 text    not null default '{}' check (json_valid(args)),
    result               text    check (result is null or json_valid(result)),
    error                text,
    traceback            text,
    attempt              integer not null default 0,
    max_attempts         integer not null default 4 check (max_attempts >= 1),
    retry_backoff_ms     integer not null default 1000,
    retry_backoff_max_ms integer not null default 600000,
    run_at               text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at           text,
    lease_until          text,
    worker               text,
    created_at           text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    started_at           text,
    finished_at          text,
    parent_id            text,
    root_id              text,
    group_id             text
);

-- The claim index covers runnable rows only: finished rows leave it, so the hot set stays small.
create index job_runnable_idx on job (queue, priority desc, run_at, id)
    where state in ('PENDING', 'SCHEDULED', 'RETRY');

-- The next future run time for a worker's wake-up timer.
create index job_scheduled_idx on job (queue, run_at)
    where state in ('SCHEDULED', 'RETRY');

-- The rescuer's scan of expired leases.
create index job_lease_idx on job (lease_until)
    where state = 'STARTED';

-- The pruner's scan of finished rows.
create index job_finished_idx on job (finished_at)
    where state in ('SUCCESS', 'FAILURE', 'REVOKED');

create index job_parent_idx on job (parent_id) where parent_id is not null;
create index job_group_idx on job (group_id) where group_id is not null;
