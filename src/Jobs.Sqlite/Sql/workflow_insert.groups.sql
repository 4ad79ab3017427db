-- Inserts one group counter of a workflow: remaining starts at the number of members.
insert into job_group (id, root_id, size, remaining) values (@id, @root_id, @size, @size)
on conflict (id) do nothing;
