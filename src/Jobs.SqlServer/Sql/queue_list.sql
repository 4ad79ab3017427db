-- Every queue known to the store: those with waiting or running jobs and those ever paused, with the pause time,
-- per queue the waiting and running jobs, and how long the oldest runnable job has waited. The waiting jobs are
-- read from the runnable index and the running ones from the running index (each holds only its live rows).
declare @now datetime2(3) = sysutcdatetime();
with waiting as (
    select queue,
           count_big(case when run_at <= @now then 1 end) as ready,
           count_big(case when run_at > @now and run_at < '9999-12-31T00:00:00' then 1 end) as scheduled,
           min(case when run_at <= @now then run_at end) as oldest_ready_at
    from {schema}.job
    where state in ('PENDING', 'SCHEDULED', 'RETRY')
    group by queue
), running as (
    select queue, count_big(*) as running
    from {schema}.job
    where state = 'STARTED'
    group by queue
), live as (
    select coalesce(w.queue, r.queue) as queue, coalesce(w.ready, 0) as ready, coalesce(w.scheduled, 0) as scheduled,
           coalesce(r.running, 0) as running, w.oldest_ready_at
    from waiting as w
    full join running as r on r.queue = w.queue
)
select coalesce(l.queue, q.name) as name, todatetimeoffset(q.paused_at, 0) as paused_at, coalesce(l.ready, 0),
       coalesce(l.scheduled, 0), coalesce(l.running, 0),
       cast(datediff_big(microsecond, l.oldest_ready_at, @now) as float) / 1000 as oldest_wait_ms
from live as l
full join {schema}.queue as q on q.name = l.queue
order by 1;
