-- Every queue known to the store: those with waiting or running jobs and those ever paused, with the pause time,
-- per queue the waiting and running jobs, and how long the oldest runnable job has waited. The waiting jobs are
-- read from the runnable index and the running ones from the running index (each holds only its live rows; one
-- filter over both states would read the whole table instead).
with waiting as (
    select queue,
           count(*) filter (where run_at <= now()) as ready,
           count(*) filter (where run_at > now() and run_at < timestamptz '9999-12-31 00:00:00+00') as scheduled,
           min(run_at) filter (where run_at <= now()) as oldest_ready_at
    from {schema}.job
    where state in ('PENDING', 'SCHEDULED', 'RETRY')
    group by queue
), running as (
    select queue, count(*) as running
    from {schema}.job
    where state = 'STARTED'
    group by queue
), live as (
    select coalesce(w.queue, r.queue) as queue, coalesce(w.ready, 0) as ready, coalesce(w.scheduled, 0) as scheduled,
           coalesce(r.running, 0) as running, w.oldest_ready_at
    from waiting w
    full join running r on r.queue = w.queue
)
select coalesce(l.queue, q.name) as name, q.paused_at, coalesce(l.ready, 0), coalesce(l.scheduled, 0), coalesce(l.running, 0),
       (extract(epoch from (now() - l.oldest_ready_at)) * 1000)::float8 as oldest_wait_ms
from live l
full join {schema}.queue q on q.name = l.queue
order by 1;
