-- Revokes unfinished jobs. A running job's worker no longer owns it (state <> 'STARTED'): its heartbeat
-- cancels the attempt and its completion is rejected. Waiters are notified.
with revoked as (
    update {schema}.job
    set state       = 'REVOKED',
        error       = @reason,
        lease_until = null,
        finished_at = now()
    where id = any(@ids) and state in ('SCHEDULED', 'PENDING', 'RETRY', 'STARTED')
    returning id
), notified as (
    select pg_notify(@finished_channel, string_agg(id::text, ',')) as n
    from (select id, (row_number() over ()) / 200 as chunk from revoked) f
    group by chunk
)
select r.id from revoked r cross join (select count(*) from notified) as n;
