-- Jobs now FAILURE or REVOKED (@ids): releases their waiting errbacks with the failed job's id, task, state, error
-- and traceback as arguments (unless immutable).
update job as d
set state  = case when coalesce(d.countdown_ms, 0) > 0 then 'SCHEDULED' else 'PENDING' end,
    run_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', (coalesce(d.countdown_ms, 0) / 1000.0) || ' seconds'),
    args   = case when d.immutable then d.args
                  else json_object('id', p.id, 'task', p.task, 'state', p.state, 'error', p.error, 'traceback', p.traceback) end
from job as p
where p.id in (select value from json_each(@ids)) and p.state in ('FAILURE', 'REVOKED')
  and d.parent_id = p.id and d.errback
  and d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00.000Z'
returning id, queue;
