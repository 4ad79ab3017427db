-- Moves a claimed schedule to its next slot, recording the job it fired (if any).
update schedule
set next_run_at = @next_run_at,
    last_run_at = coalesce(@fired_at, last_run_at),
    last_job_id = coalesce(@job_id, last_job_id)
where name = @name;
