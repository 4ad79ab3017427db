-- Rate and concurrency limits per task or per queue: the same contract as PostgreSQL's jobs.job_limit. Claimers of
-- limited jobs read and write these rows inside BEGIN IMMEDIATE, so buckets and running counts are exact.
create table job_limit (
    scope       text    not null check (scope in ('task', 'queue')),
    name        text    not null,
    rate        text,
    per_second  real    check (per_second > 0),
    burst       real    check (burst >= 1),
    tokens      real    not null default 0,
    refilled_at text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    max_running integer check (max_running >= 1),
    declared    text,
    updated_at  text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    primary key (scope, name),
    check ((rate is null) = (per_second is null) and (rate is null) = (burst is null))
);

-- Revoke with terminate (Celery's revoke(terminate=True)): the process pool kills the child running the job.
alter table job add column terminate integer not null default 0 check (terminate in (0, 1));

-- Running jobs per task and per queue, counted under a concurrency limit.
create index job_running_idx on job (queue, task) where state = 'STARTED';
