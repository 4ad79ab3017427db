-- Revokes unfinished jobs (terminate: a running one's process is to be killed, see the process pool). A running job's worker no longer owns it (state <> 'STARTED'): its heartbeat
-- cancels the attempt and its completion is rejected. Waiters are notified. Rows are locked in id order first,
-- as the heartbeat and completion statements do, so revoking many running jobs cannot deadlock with them.
with locked as materialized (
    select j.id
    from {schema}.job j
    where j.id = any(@ids) and j.state in ('SCHEDULED', 'PENDING', 'RETRY', 'STARTED')
    order by j.id
    for update of j
), revoked as (
    update {schema}.job j
    set state       = 'REVOKED',
        error       = @reason,
        terminate   = @terminate and j.state = 'STARTED',
        lease_until = null,
        finished_at = now()
    from locked l
    where j.id = l.id
    returning j.id
), notified as (
    select pg_notify(@finished_channel, string_agg(id::text, ',')) as n
    from (select id, (row_number() over ()) / 200 as chunk from revoked) f
    group by chunk
)
select r.id from revoked r cross join (select count(*) from notified) as n;
