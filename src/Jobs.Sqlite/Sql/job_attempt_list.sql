-- The ended attempts of one job (its history), by attempt number: the rows of job_attempt (attempts that did not
-- end the job, and final attempts archived by a rescue, a revoke or a retry) and the job row's own final attempt
-- when no row of job_attempt holds it.
select attempt, state, error, traceback, worker, started_at, finished_at
from job_attempt
where job_id = @id
union all
select j.attempt, j.state, j.error, j.traceback, j.worker, j.started_at, j.finished_at
from job j
where j.id = @id and j.attempt > 0 and j.state in ('SUCCESS', 'FAILURE', 'REVOKED') and j.finished_at is not null
  and not exists (select 1 from job_attempt a where a.job_id = j.id and a.attempt = j.attempt)
order by attempt;
