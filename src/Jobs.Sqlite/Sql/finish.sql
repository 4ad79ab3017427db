-- Records the outcome of one attempt (run once per outcome inside one transaction per batch). Guarded by
-- ownership: written only while the same worker still holds the same attempt, so a zombie cannot overwrite
-- a rescued job's result. The first statement adds an attempt that ends in RETRY to the job's history (job_attempt)
-- under the same guard, before the second changes the row the guard reads; a final attempt stays on the job row
-- (get_attempts.sql reads both).
insert into job_attempt (job_id, attempt, state, error, traceback, worker, started_at, finished_at)
select id, attempt, @state, @error, @traceback, worker, started_at, {now}
from job
where id = @id and attempt = @attempt and worker = @worker and state = 'STARTED' and @state = 'RETRY'
on conflict do nothing;

update job
set state       = @state,
    result      = @result,
    error       = @error,
    traceback   = @traceback,
    lease_until = null,
    finished_at = case when @state = 'RETRY' then null else {now} end,
    run_at      = case when @state = 'RETRY' then {now_plus:@delay_ms} else run_at end
where id = @id and attempt = @attempt and worker = @worker and state = 'STARTED'
returning id, queue;
