-- Counts of finished jobs per queue and state (README "Tables"), so that counting jobs (JobAdmin.CountJobsAsync,
-- jobs queues) reads a few rows instead of the whole table. The waiting and running states need no help: their
-- filtered indexes hold only the live rows (job_count_by_queue.sql counts them there). Finished rows are most of a
-- big table, so a trigger keeps their counts.
--
-- A counter row per queue and state updated by every finish would serialise the workers of a queue on it, so the
-- trigger only appends one row per (queue, state) a statement changed to job_count_delta (a heap: no index, no lock
-- anyone waits for), and now and then (one in 32 of the statements that append, one folder at a time, read-committed
-- transactions only) folds the appended rows into job_count. A reader sums both, in one statement.
-- (SqlBulkCopy does not fire the trigger: bulk enqueue inserts waiting jobs only, which are not counted here.)
create table {schema}.job_count (
    queue nvarchar(200) not null,
    state nvarchar(16)  not null,
    n     bigint        not null,
    constraint job_count_pkey primary key (queue, state)
);

create table {schema}.job_count_delta (
    queue nvarchar(200) not null,
    state nvarchar(16)  not null,
    n     bigint        not null
);
GO

-- Moves the appended deltas into the totals. Safe to call at any time, from any number of sessions at once (a
-- delta row is deleted once; the totals are merged under a key-range lock).
create procedure {schema}.job_count_fold as
begin
    set nocount on;
    declare @moved table (queue nvarchar(200) not null, state nvarchar(16) not null, n bigint not null);
    delete from {schema}.job_count_delta
    output deleted.queue, deleted.state, deleted.n into @moved (queue, state, n);
    merge {schema}.job_count with (holdlock) as c
    using (select queue, state, sum(n) as n from @moved group by queue, state) as s
        on c.queue = s.queue and c.state = s.state
    when matched then update set n = c.n + s.n
    when not matched then insert (queue, state, n) values (s.queue, s.state, s.n);
end;
GO

-- Recounts the finished jobs from the table (a full scan, holding a shared table lock so no write interleaves):
-- for repair after rows were changed with the trigger disabled (DISABLE TRIGGER, bulk loads with triggers off).
create procedure {schema}.job_count_rebuild as
begin
    set nocount on;
    set xact_abort on;
    begin transaction;
    declare @rows bigint = (select count_big(*) from {schema}.job with (tablock, holdlock));
    delete from {schema}.job_count_delta;
    delete from {schema}.job_count;
    insert into {schema}.job_count (queue, state, n)
    select queue, state, count_big(*) from {schema}.job where state in ('SUCCESS', 'FAILURE', 'REVOKED') group by queue, state;
    commit transaction;
end;
GO

-- One trigger for inserts, updates and deletes, over the statement's inserted and deleted rows. Most statements
-- (enqueues, claims, lease extensions, retries) touch no finished row: two existence tests end those early. The
-- fold runs for one in 32 of the appending statements, unless another session is folding (sp_getapplock with no
-- wait) or the transaction is not read committed (a snapshot transaction could fail to delete a row another
-- folder deleted first).
create trigger {schema}.job_count_change on {schema}.job after insert, update, delete as
begin
    if @@rowcount = 0 return;
    set nocount on;
    if not exists (select 1 from inserted where state in ('SUCCESS', 'FAILURE', 'REVOKED'))
       and not exists (select 1 from deleted where state in ('SUCCESS', 'FAILURE', 'REVOKED'))
        return;
    insert into {schema}.job_count_delta (queue, state, n)
    select queue, state, sum(n)
    from (select queue, state, cast(1 as bigint) as n from inserted where state in ('SUCCESS', 'FAILURE', 'REVOKED')
          union all
          select queue, state, cast(-1 as bigint) from deleted where state in ('SUCCESS', 'FAILURE', 'REVOKED')) as d
    group by queue, state
    having sum(n) <> 0;
    if rand() < 1.0 / 32
       and (select transaction_isolation_level from sys.dm_exec_sessions where session_id = @@spid) = 2
    begin
        declare @resource nvarchar(255) = N'jobs.job_count_fold:' + object_schema_name(@@procid);
        declare @granted int;
        exec @granted = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 0;
        if @granted >= 0
        begin
            declare @fold nvarchar(300) = quotename(object_schema_name(@@procid)) + N'.job_count_fold';
            exec @fold;
        end;
    end;
end;
GO

insert into {schema}.job_count (queue, state, n)
select queue, state, count_big(*) from {schema}.job where state in ('SUCCESS', 'FAILURE', 'REVOKED') group by queue, state;

-- Failed and revoked jobs newest first (JobAdmin search by state FAILURE or REVOKED, retry of failed jobs): a few
-- percent of the rows, in creation order (id_order, see job_table), written only when a job fails or is revoked.
create index job_failed_idx on {schema}.job (id_order) where state in ('FAILURE', 'REVOKED');
