-- Failed or revoked jobs that still have waiting dependents: they ended outside a completion (expired at claim,
-- rescued as FAILURE after their last attempt, changed by SQL). The rescuer fails what waits for them.
select p.id
from job d
join job p on p.id = d.parent_id
where d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00.000Z'
  and p.state in ('FAILURE', 'REVOKED')
union
select m.id
from job d
join job m on m.group_id = d.parent_group_id
where d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00.000Z'
  and m.state in ('FAILURE', 'REVOKED')
limit @limit;
