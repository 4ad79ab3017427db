-- Deletes jobs by id, except running ones (revoke those first: a worker holds them). Their history (job_attempt)
-- goes with them (trigger job_attempt_delete). Returns the ids deleted.
delete from job
where id in (select value from json_each(@ids)) and state <> 'STARTED'
returning id;
