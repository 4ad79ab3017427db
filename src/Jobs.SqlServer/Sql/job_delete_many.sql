-- Deletes jobs by id, except running ones (revoke those first: a worker holds them). Their history (job_attempt)
-- goes with them (on delete cascade). Returns the ids deleted.
set nocount on;
declare @deleted table (id uniqueidentifier not null);
delete from {schema}.job
output deleted.id into @deleted
where id in (select id from openjson(@ids) with (id uniqueidentifier '$')) and state <> 'STARTED';
select id from @deleted;
