-- The beat's schedules (README "Tables"): each row enqueues `task` with `args` on `queue` at every slot of its cron
-- expression (read in `time_zone`, an IANA id) or interval. Beats claim due rows with FOR UPDATE SKIP LOCKED and
-- advance next_run_at in the same transaction as the job insert, so every slot fires once. next_run_at is null when
-- a cron expression has no further slot.
create table {schema}.schedule (
    name        text        primary key,
    task        text        not null,
    args        jsonb       not null default '{}',
    queue       text        not null default 'default',
    priority    smallint    not null default 0,
    cron        text,
    every_ms    bigint      constraint schedule_every_ms_check check (every_ms > 0),
    time_zone   text        not null default 'UTC',
    catch_up    text        not null default 'once' constraint schedule_catch_up_check check (catch_up in ('once', 'skip')),
    enabled     boolean     not null default true,
    next_run_at timestamptz,
    last_run_at timestamptz,
    last_job_id uuid,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint schedule_timing_check check ((cron is null) <> (every_ms is null))
);

-- The beat's scan of due schedules.
create index schedule_due_idx on {schema}.schedule (next_run_at) where enabled;
