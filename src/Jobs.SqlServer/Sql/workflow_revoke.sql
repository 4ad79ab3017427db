-- Revokes every unfinished job of the workflow @id belongs to (the same root_id; a job without one is its own
-- root), as job_revoke_many.sql revokes: rows locked in id order, running ones lose ownership.
set nocount on;
declare @now datetime2(3) = sysutcdatetime();
declare @root uniqueidentifier = (select coalesce(root_id, id) from {schema}.job where id = @id);
declare @targets table (id uniqueidentifier not null primary key);
insert into @targets (id)
select j.id from {schema}.job as j
where (j.root_id = @root or j.id = @root) and j.state in ('SCHEDULED', 'PENDING', 'RETRY', 'STARTED');
declare @revoked table (id uniqueidentifier not null);
update j
set state       = 'REVOKED',
    error       = @reason,
    terminate   = case when @terminate = 1 and j.state = 'STARTED' then 1 else 0 end,
    lease_until = null,
    finished_at = @now
output inserted.id into @revoked
from @targets as t
join {schema}.job as j with (rowlock) on j.id = t.id
where j.state in ('SCHEDULED', 'PENDING', 'RETRY', 'STARTED')
option (force order, loop join);
select id from @revoked;
