-- Failed or revoked jobs that still have waiting dependents: they ended outside a completion (expired at claim,
-- rescued as FAILURE after their last attempt, changed by SQL). The rescuer hands them to workflow_failed.sql.
select p.id
from {schema}.job d
join {schema}.job p on p.id = d.parent_id
where d.state = 'SCHEDULED' and d.run_at = timestamptz '9999-12-31 00:00:00+00'
  and p.state in ('FAILURE', 'REVOKED')
union
select m.id
from {schema}.job d
join {schema}.job m on m.group_id = d.parent_group_id
where d.state = 'SCHEDULED' and d.run_at = timestamptz '9999-12-31 00:00:00+00'
  and m.state in ('FAILURE', 'REVOKED')
limit @limit;
