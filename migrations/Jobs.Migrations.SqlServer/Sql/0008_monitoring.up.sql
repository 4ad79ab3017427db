-- Monitoring (README "Monitoring"): workers, stored events, remote control, and the reporting views.

-- One row per worker (its unique name), written at start and with each heartbeat; stopped_at is set when it stops or
-- when a sweep finds it missed three heartbeats. queues (a JSON array) and concurrency are the current ones.
create table {schema}.worker (
    name                  nvarchar(200) not null constraint worker_pkey primary key,
    hostname              nvarchar(200) not null,
    pid                   int           not null,
    queues                nvarchar(max) not null constraint worker_queues_json_check check (isjson(queues) = 1),
    pool                  nvarchar(50)  not null,
    concurrency           int           not null,
    version               nvarchar(50)  not null,
    started_at            datetime2(3)  not null constraint worker_started_at_default default sysutcdatetime(),
    heartbeat_at          datetime2(3)  not null constraint worker_heartbeat_at_default default sysutcdatetime(),
    stopped_at            datetime2(3),
    heartbeat_interval_ms int           not null constraint worker_heartbeat_interval_check check (heartbeat_interval_ms > 0),
    active                int           not null constraint worker_active_default default 0,
    processed             bigint        not null constraint worker_processed_default default 0
);

-- Stored events (Celery's event names): at is the emitting process's time, data the whole event as JSON
-- (camelCase). Ids only grow: a follower reads id > the last it saw (inserts take a lock so ids commit in order).
create table {schema}.event (
    id     bigint identity(1, 1) not null constraint event_pkey primary key,
    at     datetime2(3)  not null,
    type   nvarchar(50)  not null,
    job_id uniqueidentifier,
    task   nvarchar(200),
    queue  nvarchar(200),
    worker nvarchar(200),
    data   nvarchar(max) not null constraint event_data_json_check check (isjson(N'[' + data + N']') = 1)
);

create index event_at_idx on {schema}.event (at);
create index event_job_idx on {schema}.event (job_id) where job_id is not null;

-- Remote-control requests: a command with JSON arguments for every worker (destination null) or one, until expires_at.
create table {schema}.control (
    id          bigint identity(1, 1) not null constraint control_pkey primary key,
    command     nvarchar(100) not null,
    args        nvarchar(max) not null constraint control_args_default default '{}'
        constraint control_args_json_check check (isjson(N'[' + args + N']') = 1),
    destination nvarchar(200),
    created_at  datetime2(3)  not null constraint control_created_at_default default sysutcdatetime(),
    expires_at  datetime2(3)  not null
);

create index control_expires_idx on {schema}.control (expires_at);

-- Workers' replies to a request (deleted with it when it expires).
create table {schema}.control_reply (
    request_id bigint        not null,
    worker     nvarchar(200) not null,
    reply      nvarchar(max) not null constraint control_reply_json_check check (isjson(N'[' + reply + N']') = 1),
    created_at datetime2(3)  not null constraint control_reply_created_at_default default sysutcdatetime(),
    constraint control_reply_pkey primary key (request_id, worker)
);
GO

-- worker_status: every worker with online = not stopped and its last heartbeat less than three intervals old
-- (database clock).
create view {schema}.worker_status as
select name, hostname, pid, queues, pool, concurrency, version, started_at, heartbeat_at, stopped_at,
       heartbeat_interval_ms, active, processed,
       cast(case when stopped_at is null
                  and heartbeat_at > dateadd(millisecond, -3 * heartbeat_interval_ms, sysutcdatetime()) then 1 else 0 end as bit) as online
from {schema}.worker;
GO

-- report_throughput: jobs finished per minute (finished_at truncated to the UTC minute), queue and task, by outcome.
create view {schema}.report_throughput as
select dateadd(minute, datediff(minute, '2000-01-01', finished_at), cast('2000-01-01' as datetime2(3))) as minute,
       queue,
       task,
       count_big(case when state = 'SUCCESS' then 1 end) as succeeded,
       count_big(case when state = 'FAILURE' then 1 end) as failed,
       count_big(case when state = 'REVOKED' then 1 end) as revoked
from {schema}.job
where state in ('SUCCESS', 'FAILURE', 'REVOKED') and finished_at is not null
group by dateadd(minute, datediff(minute, '2000-01-01', finished_at), cast('2000-01-01' as datetime2(3))), queue, task;
GO

-- report_runtime: finished jobs per queue and task: counts by outcome, failure_rate = failed / (succeeded + failed)
-- (null when both are 0), and the run time (finished_at - started_at, milliseconds) of SUCCESS and FAILURE jobs:
-- percentiles with linear interpolation (PERCENTILE_CONT, a window function on SQL Server, so computed per row over
-- the (queue, task) partition first and then taken once per group) and the maximum.
create view {schema}.report_runtime as
select queue,
       task,
       count_big(case when state = 'SUCCESS' then 1 end) as succeeded,
       count_big(case when state = 'FAILURE' then 1 end) as failed,
       count_big(case when state = 'REVOKED' then 1 end) as revoked,
       cast(count_big(case when state = 'FAILURE' then 1 end) as float)
           / nullif(count_big(case when state in ('SUCCESS', 'FAILURE') then 1 end), 0) as failure_rate,
       max(p50) as p50_ms,
       max(p95) as p95_ms,
       max(p99) as p99_ms,
       max(ms) as max_ms
from (select queue, task, state, ms,
             percentile_cont(0.5) within group (order by ms) over (partition by queue, task) as p50,
             percentile_cont(0.95) within group (order by ms) over (partition by queue, task) as p95,
             percentile_cont(0.99) within group (order by ms) over (partition by queue, task) as p99
      from (select queue, task, state,
                   case when state in ('SUCCESS', 'FAILURE')
                        then cast(datediff_big(microsecond, started_at, finished_at) as float) / 1000 end as ms
            from {schema}.job
            where state in ('SUCCESS', 'FAILURE', 'REVOKED')) as timed) as finished
group by queue, task;
GO

-- report_queues: unfinished jobs per queue now: waiting (PENDING, RETRY and SCHEDULED whose run_at has come),
-- scheduled (due later), awaiting (workflow jobs waiting for another job or group: run_at 9999-12-31), running
-- (STARTED), and the oldest waiting job's run_at and its age in seconds.
create view {schema}.report_queues as
select queue,
       count_big(case when state <> 'STARTED' and run_at <= sysutcdatetime() then 1 end) as waiting,
       count_big(case when state <> 'STARTED' and run_at > sysutcdatetime()
                       and run_at < '9999-12-31T00:00:00' then 1 end) as scheduled,
       count_big(case when state <> 'STARTED' and run_at >= '9999-12-31T00:00:00' then 1 end) as awaiting,
       count_big(case when state = 'STARTED' then 1 end) as running,
       min(case when state <> 'STARTED' and run_at <= sysutcdatetime() then run_at end) as oldest_waiting_since,
       cast(datediff_big(millisecond, min(case when state <> 'STARTED' and run_at <= sysutcdatetime() then run_at end),
                         sysutcdatetime()) as float) / 1000 as oldest_wait_seconds
from {schema}.job
where state in ('PENDING', 'RETRY', 'SCHEDULED', 'STARTED')
group by queue;
GO
