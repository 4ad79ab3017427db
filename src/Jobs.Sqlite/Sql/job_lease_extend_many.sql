-- The heartbeat, for one attempt (run for all of a worker's attempts in one transaction): returns the (id, attempt)
-- while still owned.
update job
set lease_until = {now_plus:@lease_ms}
where id = @id and attempt = @attempt and worker = @worker and state = 'STARTED'
returning id, attempt;
