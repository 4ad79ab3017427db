-- Every queue known to the store: those with waiting or running jobs (read from the runnable and running indexes,
-- not the whole table) and those ever paused, with the pause time and, per queue, the waiting and running jobs and
-- how long the oldest runnable job has waited.
with live as (
    select queue,
           count(*) filter (where state in ('PENDING', 'SCHEDULED', 'RETRY') and run_at <= now()) as ready,
           count(*) filter (where state in ('PENDING', 'SCHEDULED', 'RETRY') and run_at > now()
                                  and run_at < timestamptz '9999-12-31 00:00:00+00') as scheduled,
           count(*) filter (where state = 'STARTED') as running,
           min(run_at) filter (where state in ('PENDING', 'SCHEDULED', 'RETRY') and run_at <= now()) as oldest_ready_at
    from {schema}.job
    where state in ('PENDING', 'SCHEDULED', 'RETRY', 'STARTED')
    group by queue
)
select coalesce(l.queue, q.name) as name, q.paused_at, coalesce(l.ready, 0), coalesce(l.scheduled, 0), coalesce(l.running, 0),
       (extract(epoch from (now() - l.oldest_ready_at)) * 1000)::float8 as oldest_wait_ms
from live l
full join {schema}.queue q on q.name = l.queue
order by 1;
