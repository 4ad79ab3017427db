-- Every queue known to the store: those with waiting or running jobs and those ever paused, with the pause time,
-- the waiting and running jobs, and how long the oldest runnable job has waited. The waiting jobs are read from
-- the runnable index and the running ones from the running index (each holds only its live rows; one filter over
-- both states would read the whole table instead).
with waiting as (
    select queue,
           sum(run_at <= {now}) as ready,
           sum(run_at > {now} and run_at < '9999-12-31T00:00:00.000Z') as scheduled,
           min(case when run_at <= {now} then run_at end) as oldest_ready_at
    from job
    where state in ('PENDING', 'SCHEDULED', 'RETRY')
    group by queue
), running as (
    select queue, count(*) as running
    from job
    where state = 'STARTED'
    group by queue
), names as (
    select queue as name from waiting union select queue from running union select name from queue
)
select n.name, q.paused_at, coalesce(w.ready, 0), coalesce(w.scheduled, 0), coalesce(r.running, 0),
       (julianday({now}) - julianday(w.oldest_ready_at)) * 86400000.0 as oldest_wait_ms
from names n
left join waiting w on w.queue = n.name
left join running r on r.queue = n.name
left join queue q on q.name = n.name
order by n.name;
