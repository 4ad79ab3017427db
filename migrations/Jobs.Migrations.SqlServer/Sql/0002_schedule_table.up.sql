-- The beat's schedules (README "Tables"): each row enqueues `task` with `args` on `queue` at every slot of its cron
-- expression (read in `time_zone`, an IANA id) or interval. Beats claim due rows with UPDLOCK, READPAST and advance
-- next_run_at in the same transaction as the job insert, so every slot fires once. next_run_at is null when a cron
-- expression has no further slot.
create table {schema}.schedule (
    name        nvarchar(200)    not null constraint schedule_pkey primary key,
    task        nvarchar(200)    not null,
    args        nvarchar(max)    not null constraint schedule_args_default default '{}'
        constraint schedule_args_json_check check (isjson(N'[' + args + N']') = 1),
    queue       nvarchar(200)    not null constraint schedule_queue_default default 'default',
    priority    smallint         not null constraint schedule_priority_default default 0,
    cron        nvarchar(200),
    every_ms    bigint           constraint schedule_every_ms_check check (every_ms > 0),
    time_zone   nvarchar(100)    not null constraint schedule_time_zone_default default 'UTC',
    catch_up    nvarchar(10)     not null constraint schedule_catch_up_default default 'once'
        constraint schedule_catch_up_check check (catch_up in ('once', 'skip')),
    enabled     bit              not null constraint schedule_enabled_default default 1,
    next_run_at datetime2(3),
    last_run_at datetime2(3),
    last_job_id uniqueidentifier,
    created_at  datetime2(3)     not null constraint schedule_created_at_default default sysutcdatetime(),
    updated_at  datetime2(3)     not null constraint schedule_updated_at_default default sysutcdatetime(),
    constraint schedule_timing_check check ((cron is null and every_ms is not null) or (cron is not null and every_ms is null))
);

-- The beat's scan of due schedules.
create index schedule_due_idx on {schema}.schedule (next_run_at) where enabled = 1;
