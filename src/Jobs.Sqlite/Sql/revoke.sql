-- Revokes unfinished jobs (terminate: a running one's process is to be killed, see the process pool). A running job's worker no longer owns it (state <> 'STARTED'): its heartbeat
-- cancels the attempt and its completion is rejected.
update job
set state       = 'REVOKED',
    error       = @reason,
    terminate   = @terminate and state = 'STARTED',
    lease_until = null,
    finished_at = {now}
where id in (select value from json_each(@ids))
  and state in ('SCHEDULED', 'PENDING', 'RETRY', 'STARTED')
returning id;
