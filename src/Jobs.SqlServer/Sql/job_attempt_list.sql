-- The ended attempts of one job (its history), by attempt number: the rows of job_attempt (attempts that did not
-- end the job, and final attempts archived by a rescue, a revoke or a retry) and the job row's own final attempt
-- when no row of job_attempt holds it.
select attempt, state, error, traceback, worker, todatetimeoffset(started_at, 0) as started_at,
       todatetimeoffset(finished_at, 0) as finished_at
from {schema}.job_attempt
where job_id = @id
union all
select j.attempt, j.state, j.error, j.traceback, j.worker, todatetimeoffset(j.started_at, 0), todatetimeoffset(j.finished_at, 0)
from {schema}.job as j
where j.id = @id and j.attempt > 0 and j.state in ('SUCCESS', 'FAILURE', 'REVOKED') and j.finished_at is not null
  and not exists (select 1 from {schema}.job_attempt as a where a.job_id = j.id and a.attempt = j.attempt)
order by attempt;
