-- The job table: the public table contract (README "Tables"). States are Celery's names plus SCHEDULED.
create table {schema}.job (
    id                   uuid        primary key,
    task                 text        not null,
    queue                text        not null default 'default',
    priority             smallint    not null default 0,
    state                text        not null default 'PENDING'
        constraint job_state_check check (state in ('SCHEDULED', 'PENDING', 'STARTED', 'RETRY', 'SUCCESS', 'FAILURE', 'REVOKED')),
    args                 jsonb       not null default '{}',
    result               jsonb,
    error                text,
    traceback            text,
    attempt              integer     not null default 0,
    max_attempts         integer     not null default 4 constraint job_max_attempts_check check (max_attempts >= 1),
    retry_backoff_ms     integer     not null default 1000,
    retry_backoff_max_ms integer     not null default 600000,
    run_at               timestamptz not null default now(),
    expires_at           timestamptz,
    lease_until          timestamptz,
    worker               text,
    created_at           timestamptz not null default now(),
    started_at           timestamptz,
    finished_at          timestamptz,
    parent_id            uuid,
    root_id              uuid,
    group_id             uuid
);

-- The claim index covers runnable rows only: finished rows leave it, so the hot set stays small.
create index job_runnable_idx on {schema}.job (queue, priority desc, run_at, id)
    where state in ('PENDING', 'SCHEDULED', 'RETRY');

-- Finds the next future run time for a worker's wake-up timer.
create index job_scheduled_idx on {schema}.job (queue, run_at)
    where state in ('SCHEDULED', 'RETRY');

-- The rescuer's scan of expired leases.
create index job_lease_idx on {schema}.job (lease_until)
    where state = 'STARTED';

-- The pruner's scan of finished rows.
create index job_finished_idx on {schema}.job (finished_at)
    where state in ('SUCCESS', 'FAILURE', 'REVOKED');

create index job_parent_idx on {schema}.job (parent_id) where parent_id is not null;
create index job_group_idx on {schema}.job (group_id) where group_id is not null;
