-- Pauses a queue: from this statement's commit on, no claim statement takes its jobs (they read the paused names).
-- Returns whether it was running before (false: already paused).
insert into {schema}.queue as q (name, paused_at, updated_at)
values (@name, now(), now())
on conflict (name) do update
set paused_at = now(), updated_at = now()
where q.paused_at is null
returning name;
