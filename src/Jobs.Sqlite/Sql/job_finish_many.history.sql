-- Adds an attempt that ends in RETRY to its job's history, under the same ownership guard as job_finish_many.sql and before
-- it changes the row the guard reads (run only for RETRY outcomes).
insert into job_attempt (job_id, attempt, state, error, traceback, worker, started_at, finished_at)
select id, attempt, 'RETRY', @error, @traceback, worker, started_at, {now}
from job
where id = @id and attempt = @attempt and worker = @worker and state = 'STARTED'
on conflict do nothing;
