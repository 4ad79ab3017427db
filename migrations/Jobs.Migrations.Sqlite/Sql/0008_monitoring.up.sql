-- Monitoring: the same contract as PostgreSQL's (see Postgres/0008_monitoring.up.sql). Times are ISO 8601 UTC text
-- like the job table's; queues is a JSON array of text; JSON columns are text.

create table worker (
    name                  text    not null primary key,
    hostname              text    not null,
    pid                   integer not null,
    queues                text    not null check (json_valid(queues)),
    pool                  text    not null,
    concurrency           integer not null,
    version               text    not null,
    started_at            text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    heartbeat_at          text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    stopped_at            text,
    heartbeat_interval_ms integer not null check (heartbeat_interval_ms > 0),
    active                integer not null default 0,
    processed             integer not null default 0
);

-- worker_status: every worker with online (0/1) = not stopped and its last heartbeat less than three intervals old.
create view worker_status as
select name, hostname, pid, queues, pool, concurrency, version, started_at, heartbeat_at, stopped_at,
       heartbeat_interval_ms, active, processed,
       stopped_at is null
           and strftime('%Y-%m-%dT%H:%M:%fZ', heartbeat_at, (3 * heartbeat_interval_ms / 1000.0) || ' seconds')
               > strftime('%Y-%m-%dT%H:%M:%fZ', 'now') as online
from worker;

-- Stored events: autoincrement, so ids only grow and are never reused (a follower reads id > the last it saw).
create table event (
    id     integer not null primary key autoincrement,
    at     text    not null,
    type   text    not null,
    job_id text,
    task   text,
    queue  text,
    worker text,
    data   text    not null check (json_valid(data))
);

create index event_at_idx on event (at);
create index event_job_idx on event (job_id) where job_id is not null;

create table control (
    id          integer not null primary key autoincrement,
    command     text    not null,
    args        text    not null default '{}' check (json_valid(args)),
    destination text,
    created_at  text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at  text    not null
);

create index control_expires_idx on control (expires_at);

create table control_reply (
    request_id integer not null,
    worker     text    not null,
    reply      text    not null check (json_valid(reply)),
    created_at text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    primary key (request_id, worker)
);

-- report_throughput: jobs finished per minute ('2026-01-31T12:34:00.000Z'), queue and task, by outcome.
create view report_throughput as
select substr(finished_at, 1, 16) || ':00.000Z' as minute,
       queue,
       task,
       sum(state = 'SUCCESS') as succeeded,
       sum(state = 'FAILURE') as failed,
       sum(state = 'REVOKED') as revoked
from job
where state in ('SUCCESS', 'FAILURE', 'REVOKED') and finished_at is not null
group by 1, 2, 3;

-- report_runtime: as PostgreSQL's. The percentiles are percentile_cont's: over the n run times in order (0-based),
-- pos = (n - 1) * p, value = v[floor(pos)] + (v[floor(pos) + 1] - v[floor(pos)]) * (pos - floor(pos)).
-- Run times are whole milliseconds (the stored precision).
create view report_runtime as
with finished as (
    select queue, task, state,
           case when state in ('SUCCESS', 'FAILURE')
                then round((julianday(finished_at) - julianday(started_at)) * 86400000.0) end as ms
    from job
    where state in ('SUCCESS', 'FAILURE', 'REVOKED')
), ranked as (
    select queue, task, state, ms,
           row_number() over w - 1 as i,
           count(*) over (partition by queue, task, ms is null) as n,
           lead(ms) over w as next_ms
    from finished
    window w as (partition by queue, task, ms is null order by ms)
)
select queue,
       task,
       sum(state = 'SUCCESS') as succeeded,
       sum(state = 'FAILURE') as failed,
       sum(state = 'REVOKED') as revoked,
       1.0 * sum(state = 'FAILURE') / nullif(sum(state in ('SUCCESS', 'FAILURE')), 0) as failure_rate,
       max(case when ms is not null and i = cast((n - 1) * 0.5 as integer)
                then ms + (coalesce(next_ms, ms) - ms) * ((n - 1) * 0.5 - cast((n - 1) * 0.5 as integer)) end) as p50_ms,
       max(case when ms is not null and i = cast((n - 1) * 0.95 as integer)
                then ms + (coalesce(next_ms, ms) - ms) * ((n - 1) * 0.95 - cast((n - 1) * 0.95 as integer)) end) as p95_ms,
       max(case when ms is not null and i = cast((n - 1) * 0.99 as integer)
                then ms + (coalesce(next_ms, ms) - ms) * ((n - 1) * 0.99 - cast((n - 1) * 0.99 as integer)) end) as p99_ms,
       max(ms) as max_ms
from ranked
group by queue, task;

-- report_queues: as PostgreSQL's (awaiting: workflow jobs with run_at '9999-12-31T00:00:00.000Z').
create view report_queues as
with clock(now) as (select strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
select queue,
       sum(state <> 'STARTED' and run_at <= now) as waiting,
       sum(state <> 'STARTED' and run_at > now and run_at < '9999-12-31T00:00:00.000Z') as scheduled,
       sum(state <> 'STARTED' and run_at >= '9999-12-31T00:00:00.000Z') as awaiting,
       sum(state = 'STARTED') as running,
       min(case when state <> 'STARTED' and run_at <= now then run_at end) as oldest_waiting_since,
       round((julianday(now) - julianday(min(case when state <> 'STARTED' and run_at <= now then run_at end))) * 86400000.0)
           / 1000.0 as oldest_wait_seconds
from job, clock
where state in ('PENDING', 'RETRY', 'SCHEDULED', 'STARTED')
group by queue;
