-- Jobs just recorded SUCCESS (@ids): their waiting errbacks will never be called and end REVOKED.
update job as d
set state       = 'REVOKED',
    error       = 'link_error not called: job ' || p.id || ' succeeded',
    run_at      = {now},
    finished_at = {now}
from job as p
where p.id in (select value from json_each(@ids)) and p.state = 'SUCCESS'
  and d.parent_id = p.id and d.errback
  and d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00.000Z'
returning id;
