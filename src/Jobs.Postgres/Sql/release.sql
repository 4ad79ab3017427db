-- Graceful shutdown: returns claimed jobs to their queue without counting the attempt, and wakes other workers.
with released as (
    update {schema}.job j
    set state       = case when j.run_at > now() then 'SCHEDULED' else 'PENDING' end,
        attempt     = j.attempt - 1,
        worker      = null,
        lease_until = null,
        started_at  = null
    from unnest(@ids::uuid[], @attempts::int[]) as i(id, attempt)
    where j.id = i.id and j.attempt = i.attempt and j.worker = @worker and j.state = 'STARTED'
    returning j.queue
), notified as (
    select pg_notify(@available_channel, q.queue) as n from (select distinct queue from released) q
)
select count(*) from released cross join (select count(*) from notified) as n;
