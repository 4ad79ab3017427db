-- Failed or revoked jobs that still have waiting dependents: they ended outside a completion (expired at claim,
-- rescued as FAILURE after their last attempt, changed by SQL). The rescuer hands them to workflow_failed_many.sql.
select top (@limit) s.id
from (select p.id
      from {schema}.job as d
      join {schema}.job as p on p.id = d.parent_id
      where d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00'
        and p.state in ('FAILURE', 'REVOKED')
      union
      select m.id
      from {schema}.job as d
      join {schema}.job as m on m.group_id = d.parent_group_id
      where d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00'
        and m.state in ('FAILURE', 'REVOKED')) as s;
