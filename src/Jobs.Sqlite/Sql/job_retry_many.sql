-- Requeues finished-unsuccessfully jobs to run now with one more attempt (attempt numbers only grow, so the
-- ownership guard stays sound). @all_failed: every FAILURE job; else the given ids in FAILURE or REVOKED.
-- The final attempt kept on the row (see job_attempt_list.sql) moves to the history first.
insert into job_attempt (job_id, attempt, state, error, traceback, worker, started_at, finished_at)
select id, attempt, state, error, traceback, worker, started_at, finished_at
from job
where ((@all_failed and state = 'FAILURE')
       or (not @all_failed and id in (select value from json_each(@ids)) and state in ('FAILURE', 'REVOKED')))
  and attempt > 0 and finished_at is not null
on conflict do nothing;

update job
set state        = 'PENDING',
    run_at       = {now},
    max_attempts = max(max_attempts, attempt + 1),
    result       = null,
    result_payload = null,
    result_signature = null,
    error        = null,
    traceback    = null,
    worker       = null,
    lease_until  = null,
    started_at   = null,
    finished_at  = null
where (@all_failed and state = 'FAILURE')
   or (not @all_failed and id in (select value from json_each(@ids)) and state in ('FAILURE', 'REVOKED'))
returning id, queue;
