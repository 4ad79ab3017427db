-- Inserts a workflow's group counters: remaining starts at the number of members.
insert into {schema}.job_group (id, root_id, size, remaining)
select id, root_id, size, size
from unnest(@group_ids::uuid[], @group_roots::uuid[], @group_sizes::int[]) as t(id, root_id, size)
on conflict (id) do nothing;
