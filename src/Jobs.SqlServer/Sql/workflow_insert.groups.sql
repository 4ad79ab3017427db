-- Inserts a workflow's group counters (@groups, a JSON array): remaining starts at the number of members.
insert into {schema}.job_group (id, root_id, size, remaining)
select g.id, g.root_id, g.size, g.size
from openjson(@groups) with (id uniqueidentifier '$.id', root_id uniqueidentifier '$.root_id', size int '$.size') as g
where not exists (select 1 from {schema}.job_group as e with (updlock, holdlock) where e.id = g.id);
