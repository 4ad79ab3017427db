-- Marks stopped the running workers that missed three heartbeats and returns their names. A concurrent sweep waits
-- for the row lock, then finds the row stopped, so each name is returned once. Also forgets rows stopped longer than
-- @forget_ms.
with lapsed as (
    update {schema}.worker
    set stopped_at = now()
    where stopped_at is null
      and heartbeat_at + 3 * heartbeat_interval_ms * interval '1 millisecond' <= now()
    returning name
), forgotten as (
    delete from {schema}.worker
    where stopped_at < now() - @forget_ms * interval '1 millisecond'
)
select name from lapsed order by name;
