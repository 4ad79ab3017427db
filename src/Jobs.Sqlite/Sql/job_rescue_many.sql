-- Rescues jobs whose lease expired (their worker died or hung): back to PENDING while attempts remain, else
-- FAILURE. SQLite's single writer makes concurrent rescuers take turns, so each job is rescued once.
-- The first statement chooses the jobs and records their lost attempts in their history (job_attempt) as RETRY
-- (they will run again) or FAILURE; the second rescues exactly the STARTED jobs whose current attempt it recorded.
insert into job_attempt (job_id, attempt, state, error, worker, started_at, finished_at)
select id, attempt, case when attempt >= max_attempts then 'FAILURE' else 'RETRY' end,
       'WorkerLostError: the lease of attempt ' || attempt || ' expired (worker ' || coalesce(worker, '?') || ' stopped renewing it)',
       worker, started_at, {now}
from job
where state = 'STARTED' and lease_until < {now}
order by lease_until
limit @limit
on conflict do nothing;

update job
set state       = case when attempt >= max_attempts then 'FAILURE' else 'PENDING' end,
    error       = (select a.error from job_attempt a where a.job_id = job.id and a.attempt = job.attempt),
    finished_at = case when attempt >= max_attempts then {now} end,
    worker      = null,
    lease_until = null
where state = 'STARTED' and lease_until < {now}
  and exists (select 1 from job_attempt a where a.job_id = job.id and a.attempt = job.attempt)
returning id, state, queue;
