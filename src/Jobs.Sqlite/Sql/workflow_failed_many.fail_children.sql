-- Jobs now FAILURE or REVOKED (@ids): the jobs waiting for their success fail ("ChainError: step ID failed: ...").
update job as d
set state       = 'FAILURE',
    error       = 'ChainError: step ' || p.id || case when p.state = 'REVOKED' then ' was revoked: ' else ' failed: ' end || coalesce(p.error, ''),
    run_at      = {now},
    finished_at = {now}
from job as p
where p.id in (select value from json_each(@ids)) and p.state in ('FAILURE', 'REVOKED')
  and d.parent_id = p.id and not d.errback
  and d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00.000Z'
returning id;
