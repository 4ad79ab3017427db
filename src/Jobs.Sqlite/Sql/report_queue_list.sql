-- The view report_queues's figures, read where the partial indexes hold the live rows: the waiting jobs from
-- job_runnable_idx, the running ones from job_running_idx (the view's one filter over both reads the whole table).
with clock(now) as (select strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
waiting as (
    select queue,
           sum(run_at <= now) as waiting,
           sum(run_at > now and run_at < '9999-12-31T00:00:00.000Z') as scheduled,
           min(case when run_at <= now then run_at end) as oldest_waiting_since
    from job, clock
    where state in ('PENDING', 'SCHEDULED', 'RETRY')
    group by queue
), running as (
    select queue, count(*) as running
    from job
    where state = 'STARTED'
    group by queue
), queues as (
    select queue from waiting union select queue from running
)
select q.queue, coalesce(w.waiting, 0), coalesce(w.scheduled, 0), coalesce(r.running, 0), w.oldest_waiting_since,
       round((julianday(now) - julianday(w.oldest_waiting_since)) * 86400000.0) / 1000.0 as oldest_wait_seconds
from queues q
cross join clock
left join waiting w on w.queue = q.queue
left join running r on r.queue = q.queue
order by q.queue;
