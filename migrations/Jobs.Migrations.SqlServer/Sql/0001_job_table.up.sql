-- The job table: the public table contract (README "Tables"), as on PostgreSQL with SQL Server types: uuid is
-- uniqueidentifier, timestamptz is datetime2(3) in UTC (every "now" is SYSUTCDATETIME()), jsonb is nvarchar(max)
-- checked with ISJSON (a value wrapped in [ ] so that scalars such as 42 or "text" pass on every version). States are Celery's names plus SCHEDULED.
--
-- Row order. Ids are UUIDv7 made by the clients, so their RFC byte order is creation order, but SQL Server orders
-- uniqueidentifier by its last six bytes first: clustered on id the table would take its inserts at random places
-- (page splits and fragmentation, as NEWID() keys do), and "order by id" would not be creation order. So the primary
-- key on id is NONCLUSTERED, and the table is clustered on id_order: the id's bytes rearranged into RFC order
-- (CAST to binary(16) gives the .NET Guid layout, whose first three groups are byte-swapped). id_order grows with
-- time, so inserts append at the end of the clustered index, and it is the keyset of newest-first listing and of
-- creation-time ranges (JobFilter's UUIDv7 bounds are sent in the same RFC byte order), exactly as "order by id" on
-- PostgreSQL. It is computed and persisted: writers by the table contract never set it.
create table {schema}.job (
    id                   uniqueidentifier not null constraint job_pkey primary key nonclustered,
    task                 nvarchar(200)    not null,
    queue                nvarchar(200)    not null constraint job_queue_default default 'default',
    priority             smallint         not null constraint job_priority_default default 0,
    state                nvarchar(16)     not null constraint job_state_default default 'PENDING'
        constraint job_state_check check (state in ('SCHEDULED', 'PENDING', 'STARTED', 'RETRY', 'SUCCESS', 'FAILURE', 'REVOKED')),
    args                 nvarchar(max)    not null constraint job_args_default default '{}'
        constraint job_args_json_check check (isjson(N'[' + args + N']') = 1),
    result               nvarchar(max)    constraint job_result_json_check check (isjson(N'[' + result + N']') = 1),
    error                nvarchar(max),
    traceback            nvarchar(max),
    attempt              int              not null constraint job_attempt_default default 0,
    max_attempts         int              not null constraint job_max_attempts_default default 4
        constraint job_max_attempts_check check (max_attempts >= 1),
    retry_backoff_ms     int              not null constraint job_retry_backoff_default default 1000,
    retry_backoff_max_ms int              not null constraint job_retry_backoff_max_default default 600000,
    run_at               datetime2(3)     not null constraint job_run_at_default default sysutcdatetime(),
    expires_at           datetime2(3),
    lease_until          datetime2(3),
    worker               nvarchar(200),
    created_at           datetime2(3)     not null constraint job_created_at_default default sysutcdatetime(),
    started_at           datetime2(3),
    finished_at          datetime2(3),
    parent_id            uniqueidentifier,
    root_id              uniqueidentifier,
    group_id             uniqueidentifier,
    id_order             as convert(binary(16),
                             substring(convert(binary(16), id), 4, 1) + substring(convert(binary(16), id), 3, 1)
                           + substring(convert(binary(16), id), 2, 1) + substring(convert(binary(16), id), 1, 1)
                           + substring(convert(binary(16), id), 6, 1) + substring(convert(binary(16), id), 5, 1)
                           + substring(convert(binary(16), id), 8, 1) + substring(convert(binary(16), id), 7, 1)
                           + substring(convert(binary(16), id), 9, 8)) persisted not null
);

create unique clustered index job_order_idx on {schema}.job (id_order);

-- The claim index covers runnable rows only (a filtered index): finished rows leave it, so the hot set stays small.
-- Its keys are the claim's equality (queue) and its ORDER BY (priority desc, run_at, id_order), so a claim seeks and
-- reads its n rows in order; task and expires_at ride along for the limit check and the expiry case.
create index job_runnable_idx on {schema}.job (queue, priority desc, run_at, id_order)
    include (task, expires_at)
    where state in ('PENDING', 'SCHEDULED', 'RETRY');

-- Finds the next future run time for a worker's wake-up timer.
create index job_scheduled_idx on {schema}.job (queue, run_at)
    include (task)
    where state in ('SCHEDULED', 'RETRY');

-- The rescuer's scan of expired leases.
create index job_lease_idx on {schema}.job (lease_until)
    where state = 'STARTED';

-- The pruner's scan of finished rows.
create index job_finished_idx on {schema}.job (finished_at)
    where state in ('SUCCESS', 'FAILURE', 'REVOKED');

create index job_parent_idx on {schema}.job (parent_id) where parent_id is not null;
create index job_group_idx on {schema}.job (group_id) where group_id is not null;
