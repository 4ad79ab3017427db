-- Pauses a queue: from this statement's commit on, no claim statement takes its jobs (they read the paused names).
-- Returns its name when it was running before (nothing: already paused).
insert into queue (name, paused_at, updated_at)
values (@name, {now}, {now})
on conflict (name) do update
set paused_at = {now}, updated_at = {now}
where queue.paused_at is null
returning name;
