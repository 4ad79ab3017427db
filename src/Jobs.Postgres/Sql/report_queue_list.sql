-- The view report_queues's figures, read where the partial indexes hold the live rows: the waiting jobs from
-- job_runnable_idx, the running ones from job_running_idx (the view's one filter over both reads the whole table).
with waiting as (
    select queue,
           count(*) filter (where run_at <= now()) as waiting,
           count(*) filter (where run_at > now() and run_at < timestamptz '9999-12-31 00:00:00+00') as scheduled,
           min(run_at) filter (where run_at <= now()) as oldest_waiting_since
    from {schema}.job
    where state in ('PENDING', 'SCHEDULED', 'RETRY')
    group by queue
), running as (
    select queue, count(*) as running
    from {schema}.job
    where state = 'STARTED'
    group by queue
)
select coalesce(w.queue, r.queue) as queue, coalesce(w.waiting, 0) as waiting, coalesce(w.scheduled, 0) as scheduled,
       coalesce(r.running, 0) as running, w.oldest_waiting_since,
       extract(epoch from now() - w.oldest_waiting_since)::float8 as oldest_wait_seconds
from waiting w
full join running r on r.queue = w.queue
order by 1;
