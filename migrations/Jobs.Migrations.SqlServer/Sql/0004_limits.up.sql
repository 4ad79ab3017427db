-- Rate and concurrency limits per task or per queue (README "Limits"), shared by every worker and process.
-- A row is active when it has a rate (a token bucket: `tokens` refilled at `per_second` up to `burst`, as of
-- `refilled_at`) or a max_running. Claimers of limited jobs lock the active rows (in scope, name order) for the
-- length of one claim, so the bucket and the running count are exact across claimers. `declared` is the limit
-- last declared in code, so a restart only rewrites a limit whose declaration changed (a run-time change stays).
create table {schema}.job_limit (
    scope       nvarchar(10)  not null constraint job_limit_scope_check check (scope in ('task', 'queue')),
    name        nvarchar(200) not null,
    rate        nvarchar(100),
    per_second  float         constraint job_limit_per_second_check check (per_second > 0),
    burst       float         constraint job_limit_burst_check check (burst >= 1),
    tokens      float         not null constraint job_limit_tokens_default default 0,
    refilled_at datetime2(3)  not null constraint job_limit_refilled_at_default default sysutcdatetime(),
    max_running int           constraint job_limit_max_running_check check (max_running >= 1),
    declared    nvarchar(400),
    updated_at  datetime2(3)  not null constraint job_limit_updated_at_default default sysutcdatetime(),
    constraint job_limit_pkey primary key (scope, name),
    constraint job_limit_rate_check check (
        (rate is null and per_second is null and burst is null) or (rate is not null and per_second is not null and burst is not null))
);

-- Revoke with terminate (Celery's revoke(terminate=True)): the process pool kills the child running the job.
alter table {schema}.job add terminate bit not null constraint job_terminate_default default 0;

GO

-- Running jobs per task and per queue, counted under a concurrency limit.
create index job_running_idx on {schema}.job (queue, task) where state = 'STARTED';
