-- The beat's schedules for SQLite: the same contract as PostgreSQL's jobs.schedule. Times are ISO 8601 UTC text
-- like the job table's; enabled is 0/1. Beats fire due rows inside BEGIN IMMEDIATE, so every slot fires once.
create table schedule (
    name        text    not null primary key,
    task        text    not null,
    args        text    not null default '{}' check (json_valid(args)),
    queue       text    not null default 'default',
    priority    integer not null default 0,
    cron        text,
    every_ms    integer check (every_ms > 0),
    time_zone   text    not null default 'UTC',
    catch_up    text    not null default 'once' check (catch_up in ('once', 'skip')),
    enabled     integer not null default 1 check (enabled in (0, 1)),
    next_run_at text,
    last_run_at text,
    last_job_id text,
    created_at  text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    check ((cron is null) <> (every_ms is null))
);

-- The beat's scan of due schedules.
create index schedule_due_idx on schedule (next_run_at) where enabled = 1;
