-- Revokes unfinished jobs (terminate: a running one's process is to be killed, see the process pool). A running job's worker no longer owns it (state <> 'STARTED'): its heartbeat
-- cancels the attempt and its completion is rejected. The first statement adds a running job's attempt to its
-- history (job_attempt) as REVOKED.
insert into job_attempt (job_id, attempt, state, error, worker, started_at, finished_at)
select id, attempt, 'REVOKED', @reason, worker, started_at, {now}
from job
where id in (select value from json_each(@ids)) and state = 'STARTED'
on conflict do nothing;

update job
set state       = 'REVOKED',
    error       = @reason,
    terminate   = @terminate and state = 'STARTED',
    lease_until = null,
    finished_at = {now}
where id in (select value from json_each(@ids))
  and state in ('SCHEDULED', 'PENDING', 'RETRY', 'STARTED')
returning id;
