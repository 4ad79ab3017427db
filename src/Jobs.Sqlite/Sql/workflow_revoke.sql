-- Revokes every unfinished job of the workflow @id belongs to (the same root_id; a job without one is its own root),
-- as job_revoke_many.sql revokes.
update job
set state       = 'REVOKED',
    error       = @reason,
    terminate   = @terminate and state = 'STARTED',
    lease_until = null,
    finished_at = {now}
where state in ('SCHEDULED', 'PENDING', 'RETRY', 'STARTED')
  and (root_id = (select coalesce(root_id, id) from job where id = @id) or id = (select coalesce(root_id, id) from job where id = @id))
returning id;
