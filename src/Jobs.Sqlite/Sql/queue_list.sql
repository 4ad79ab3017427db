-- Every queue known to the store: those with waiting or running jobs and those ever paused, with the pause time,
-- the waiting and running jobs, and how long the oldest runnable job has waited.
with live as (
    select queue,
           sum(state in ('PENDING', 'SCHEDULED', 'RETRY') and run_at <= {now}) as ready,
           sum(state in ('PENDING', 'SCHEDULED', 'RETRY') and run_at > {now} and run_at < '9999-12-31T00:00:00.000Z') as scheduled,
           sum(state = 'STARTED') as running,
           min(case when state in ('PENDING', 'SCHEDULED', 'RETRY') and run_at <= {now} then run_at end) as oldest_ready_at
    from job
    where state in ('PENDING', 'SCHEDULED', 'RETRY', 'STARTED')
    group by queue
), names as (
    select queue as name from live union select name from queue
)
select n.name, q.paused_at, coalesce(l.ready, 0), coalesce(l.scheduled, 0), coalesce(l.running, 0),
       (julianday({now}) - julianday(l.oldest_ready_at)) * 86400000.0 as oldest_wait_ms
from names n
left join live l on l.queue = n.name
left join queue q on q.name = n.name
order by n.name;
