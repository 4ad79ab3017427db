-- The view report_queues's figures, read where the filtered indexes hold the live rows: the waiting jobs from
-- job_runnable_idx, the running ones from job_running_idx (the view's one filter over both reads the whole table).
declare @now datetime2(3) = sysutcdatetime();
with waiting as (
    select queue,
           count_big(case when run_at <= @now then 1 end) as waiting,
           count_big(case when run_at > @now and run_at < '9999-12-31T00:00:00' then 1 end) as scheduled,
           min(case when run_at <= @now then run_at end) as oldest_waiting_since
    from {schema}.job
    where state in ('PENDING', 'SCHEDULED', 'RETRY')
    group by queue
), running as (
    select queue, count_big(*) as running
    from {schema}.job
    where state = 'STARTED'
    group by queue
)
select coalesce(w.queue, r.queue) as queue, coalesce(w.waiting, 0) as waiting, coalesce(w.scheduled, 0) as scheduled,
       coalesce(r.running, 0) as running, todatetimeoffset(w.oldest_waiting_since, 0) as oldest_waiting_since,
       cast(datediff_big(millisecond, w.oldest_waiting_since, @now) as float) / 1000 as oldest_wait_seconds
from waiting as w
full join running as r on r.queue = w.queue
order by 1;
