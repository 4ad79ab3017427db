-- The heartbeat, for one job (run for all of a worker's jobs in one transaction): returns the id while still owned.
update job
set lease_until = {now_plus:@lease_ms}
where id = @id and attempt = @attempt and worker = @worker and state = 'STARTED'
returning id;
