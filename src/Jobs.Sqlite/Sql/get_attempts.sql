-- The ended attempts of one job (its history), by attempt number.
select attempt, state, error, traceback, worker, started_at, finished_at
from job_attempt
where job_id = @id
order by attempt;
