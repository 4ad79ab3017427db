-- Revokes every unfinished job of the workflow @id belongs to (the same root_id; a job without one is its own
-- root), as job_revoke_many.sql revokes: rows locked in id order first, running ones lose ownership.
with root as (
    select coalesce(root_id, id) as id from {schema}.job where id = @id
), locked as materialized (
    select j.id
    from {schema}.job j
    where (j.root_id = (select id from root) or j.id = (select id from root))
      and j.state in ('SCHEDULED', 'PENDING', 'RETRY', 'STARTED')
    order by j.id
    for update of j
), revoked as (
    update {schema}.job j
    set state       = 'REVOKED',
        error       = @reason,
        terminate   = @terminate and j.state = 'STARTED',
        lease_until = null,
        finished_at = now()
    from locked l
    where j.id = l.id
    returning j.id
)
select id from revoked;
