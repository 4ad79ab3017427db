-- Records the outcome of one attempt (run once per outcome inside one transaction per batch). Guarded by
-- ownership: written only while the same worker still holds the same attempt, so a zombie cannot overwrite
-- a rescued job's result. An attempt that ends in RETRY is first added to the job's history (job_finish_many.history.sql,
-- run only for those); a final attempt stays on the job row (job_attempt_list.sql reads both).
update job
set state       = @state,
    result      = @result,
    result_payload   = @result_payload,
    result_signature = @result_signature,
    error       = @error,
    traceback   = @traceback,
    lease_until = null,
    finished_at = case when @state = 'RETRY' then null else {now} end,
    run_at      = case when @state = 'RETRY' then {now_plus:@delay_ms} else run_at end
where id = @id and attempt = @attempt and worker = @worker and state = 'STARTED'
returning id, queue;
