-- Monitoring (README "Monitoring"): workers, stored events, remote control, and the reporting views.

-- One row per worker (its unique name), written at start and with each heartbeat; stopped_at is set when it stops or
-- when a sweep finds it missed three heartbeats. queues and concurrency are the current ones (they change at run time).
create table {schema}.worker (
    name                  text        primary key,
    hostname              text        not null,
    pid                   integer     not null,
    queues                text[]      not null,
    pool                  text        not null,
    concurrency           integer     not null,
    version               text        not null,
    started_at            timestamptz not null default now(),
    heartbeat_at          timestamptz not null default now(),
    stopped_at            timestamptz,
    heartbeat_interval_ms integer     not null constraint worker_heartbeat_interval_check check (heartbeat_interval_ms > 0),
    active                integer     not null default 0,
    processed             bigint      not null default 0
);

-- worker_status: every worker with online = not stopped and its last heartbeat less than three intervals old
-- (database clock).
create view {schema}.worker_status as
select name, hostname, pid, queues, pool, concurrency, version, started_at, heartbeat_at, stopped_at,
       heartbeat_interval_ms, active, processed,
       stopped_at is null and heartbeat_at > now() - 3 * heartbeat_interval_ms * interval '1 millisecond' as online
from {schema}.worker;

-- Stored events (Celery's event names): at is the emitting process's time, data the whole event as JSON
-- (camelCase). Ids only grow: a follower reads id > the last it saw (inserts take a lock so ids commit in order).
create table {schema}.event (
    id     bigint      generated always as identity primary key,
    at     timestamptz not null,
    type   text        not null,
    job_id uuid,
    task   text,
    queue  text,
    worker text,
    data   jsonb       not null
);

create index event_at_idx on {schema}.event (at);
create index event_job_idx on {schema}.event (job_id) where job_id is not null;

-- Remote-control requests: a command with JSON arguments for every worker (destination null) or one, until expires_at.
create table {schema}.control (
    id          bigint      generated always as identity primary key,
    command     text        not null,
    args        jsonb       not null default '{}',
    destination text,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null
);

create index control_expires_idx on {schema}.control (expires_at);

-- Workers' replies to a request (deleted with it when it expires).
create table {schema}.control_reply (
    request_id bigint      not null,
    worker     text        not null,
    reply      jsonb       not null,
    created_at timestamptz not null default now(),
    primary key (request_id, worker)
);

-- report_throughput: jobs finished per minute (finished_at truncated to the UTC minute), queue and task, by outcome.
create view {schema}.report_throughput as
select date_trunc('minute', finished_at at time zone 'UTC') at time zone 'UTC' as minute,
       queue,
       task,
       count(*) filter (where state = 'SUCCESS') as succeeded,
       count(*) filter (where state = 'FAILURE') as failed,
       count(*) filter (where state = 'REVOKED') as revoked
from {schema}.job
where state in ('SUCCESS', 'FAILURE', 'REVOKED') and finished_at is not null
group by 1, 2, 3;

-- report_runtime: finished jobs per queue and task: counts by outcome, failure_rate = failed / (succeeded + failed)
-- (null when both are 0), and the run time (finished_at - started_at, milliseconds) of SUCCESS and FAILURE jobs:
-- percentiles with linear interpolation (percentile_cont) and the maximum.
create view {schema}.report_runtime as
select queue,
       task,
       count(*) filter (where state = 'SUCCESS') as succeeded,
       count(*) filter (where state = 'FAILURE') as failed,
       count(*) filter (where state = 'REVOKED') as revoked,
       (count(*) filter (where state = 'FAILURE'))::float8
           / nullif(count(*) filter (where state in ('SUCCESS', 'FAILURE')), 0) as failure_rate,
       percentile_cont(0.5) within group (order by ms) as p50_ms,
       percentile_cont(0.95) within group (order by ms) as p95_ms,
       percentile_cont(0.99) within group (order by ms) as p99_ms,
       max(ms) as max_ms
from (select queue, task, state,
             case when state in ('SUCCESS', 'FAILURE')
                  then (extract(epoch from finished_at - started_at) * 1000)::float8 end as ms
      from {schema}.job
      where state in ('SUCCESS', 'FAILURE', 'REVOKED')) as finished
group by queue, task;

-- report_queues: unfinished jobs per queue now: waiting (PENDING, RETRY and SCHEDULED whose run_at has come),
-- scheduled (due later), awaiting (workflow jobs waiting for another job or group: run_at 9999-12-31), running
-- (STARTED), and the oldest waiting job's run_at and its age in seconds.
create view {schema}.report_queues as
select queue,
       count(*) filter (where state <> 'STARTED' and run_at <= now()) as waiting,
       count(*) filter (where state <> 'STARTED' and run_at > now()
                          and run_at < timestamptz '9999-12-31 00:00:00+00') as scheduled,
       count(*) filter (where state <> 'STARTED' and run_at >= timestamptz '9999-12-31 00:00:00+00') as awaiting,
       count(*) filter (where state = 'STARTED') as running,
       min(run_at) filter (where state <> 'STARTED' and run_at <= now()) as oldest_waiting_since,
       extract(epoch from now() - min(run_at) filter (where state <> 'STARTED' and run_at <= now()))::float8
           as oldest_wait_seconds
from {schema}.job
where state in ('PENDING', 'RETRY', 'SCHEDULED', 'STARTED')
group by queue;
