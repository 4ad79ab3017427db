-- Pauses a queue: from this statement's commit on, no claim statement takes its jobs (they read the paused names).
-- Returns its name when it was running before (nothing: already paused). HOLDLOCK makes the upsert atomic.
set nocount on;
declare @changed table (name nvarchar(200) not null);
merge {schema}.queue with (holdlock) as q
using (select @name as name) as s on q.name = s.name
when matched and q.paused_at is null then
    update set paused_at = sysutcdatetime(), updated_at = sysutcdatetime()
when not matched then
    insert (name, paused_at, updated_at) values (s.name, sysutcdatetime(), sysutcdatetime())
output inserted.name into @changed;
select name from @changed;
