-- Graceful shutdown: returns claimed jobs to their queue without counting the attempt, and wakes other workers.
-- Rows are locked in id order first (see job_lease_extend_many.sql) so that concurrent statements cannot deadlock.
with locked as materialized (
    select j.id
    from {schema}.job j
    join unnest(@ids::uuid[], @attempts::int[]) as i(id, attempt) on j.id = i.id and j.attempt = i.attempt
    where j.worker = @worker and j.state = 'STARTED'
    order by j.id
    for update of j
), released as (
    update {schema}.job j
    set state       = case when j.run_at > now() then 'SCHEDULED' else 'PENDING' end,
        attempt     = j.attempt - 1,
        worker      = null,
        lease_until = null,
        started_at  = null
    from locked l
    where j.id = l.id
    returning j.queue
)
select queue from released;
