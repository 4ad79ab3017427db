-- Graceful shutdown, for one job: back to its queue without counting the attempt.
update job
set state       = case when run_at > {now} then 'SCHEDULED' else 'PENDING' end,
    attempt     = attempt - 1,
    worker      = null,
    lease_until = null,
    started_at  = null
where id = @id and attempt = @attempt and worker = @worker and state = 'STARTED'
returning queue;
