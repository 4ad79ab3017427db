-- Forgets rows stopped longer than @forget_ms, then marks stopped the running workers that missed three heartbeats
-- and returns their names (in the write transaction, so each name is returned once).
delete from worker where stopped_at < {now_plus:-@forget_ms};

update worker
set stopped_at = {now}
where stopped_at is null
  and strftime('%Y-%m-%dT%H:%M:%fZ', heartbeat_at, (3 * heartbeat_interval_ms / 1000.0) || ' seconds') <= {now}
returning name;
