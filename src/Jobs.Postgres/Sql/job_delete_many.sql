-- Deletes jobs by id, except running ones (revoke those first: a worker holds them). Their history (job_attempt)
-- goes with them (on delete cascade). Returns the ids deleted.
delete from {schema}.job
where id = any(@ids) and state <> 'STARTED'
returning id;
