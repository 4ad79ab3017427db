-- Rate and concurrency limits per task or per queue (README "Limits"), shared by every worker and process.
-- A row is active when it has a rate (a token bucket: `tokens` refilled at `per_second` up to `burst`, as of
-- `refilled_at`) or a max_running. Claimers of limited jobs lock the active rows (in scope, name order) for the
-- length of one claim, so the bucket and the running count are exact across claimers. `declared` is the limit
-- last declared in code, so a restart only rewrites a limit whose declaration changed (a run-time change stays).
create table {schema}.job_limit (
    scope       text             not null constraint job_limit_scope_check check (scope in ('task', 'queue')),
    name        text             not null,
    rate        text,
    per_second  double precision constraint job_limit_per_second_check check (per_second > 0),
    burst       double precision constraint job_limit_burst_check check (burst >= 1),
    tokens      double precision not null default 0,
    refilled_at timestamptz      not null default now(),
    max_running integer          constraint job_limit_max_running_check check (max_running >= 1),
    declared    text,
    updated_at  timestamptz      not null default now(),
    primary key (scope, name),
    constraint job_limit_rate_check check ((rate is null) = (per_second is null) and (rate is null) = (burst is null))
);

-- Revoke with terminate (Celery's revoke(terminate=True)): the process pool kills the child running the job.
alter table {schema}.job add column terminate boolean not null default false;

-- Running jobs per task and per queue, counted under a concurrency limit.
create index job_running_idx on {schema}.job (queue, task) where state = 'STARTED';
