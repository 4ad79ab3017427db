-- Rescues jobs whose lease expired (their worker died or hung): back to PENDING while attempts remain, else FAILURE.
-- One rescuer at a time: a transaction-owned sp_getapplock on @lock_name, not waited for (the caller runs this in a
-- transaction; whoever does not get the lock rescues nothing this round). The lost attempt joins the job's history
-- (job_attempt) as RETRY (it will run again) or FAILURE.
set nocount on;
declare @granted int;
exec @granted = sp_getapplock @Resource = @lock_name, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 0;
declare @rescued table (
    id uniqueidentifier not null, state nvarchar(16) not null, queue nvarchar(200) not null, attempt int not null,
    error nvarchar(max), worker nvarchar(200), started_at datetime2(3));
if @granted >= 0
begin
    declare @now datetime2(3) = sysutcdatetime();
    with expired as (
        select top (@limit) j.*
        from {schema}.job as j with (updlock, readpast, rowlock, readcommittedlock)
        where j.state = 'STARTED' and j.lease_until < @now
        order by j.lease_until
    )
    update expired
    set state       = case when attempt >= max_attempts then 'FAILURE' else 'PENDING' end,
        error       = concat('WorkerLostError: the lease of attempt ', attempt, ' expired (worker ', coalesce(worker, '?'),
                             ' stopped renewing it)'),
        finished_at = case when attempt >= max_attempts then @now end,
        worker      = null,
        lease_until = null
    output inserted.id, inserted.state, inserted.queue, inserted.attempt, inserted.error, deleted.worker, inserted.started_at
    into @rescued;
    insert into {schema}.job_attempt (job_id, attempt, state, error, worker, started_at, finished_at)
    select r.id, r.attempt, case when r.state = 'FAILURE' then 'FAILURE' else 'RETRY' end, r.error, r.worker, r.started_at, @now
    from @rescued as r
    where not exists (select 1 from {schema}.job_attempt as a where a.job_id = r.id and a.attempt = r.attempt);
end;
select id, state, queue from @rescued;
