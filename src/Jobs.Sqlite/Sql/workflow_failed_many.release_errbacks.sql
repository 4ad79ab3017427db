-- Jobs now FAILURE or REVOKED (@ids): releases their waiting errbacks, fed (as in
-- workflow_succeeded_many.release_children.sql) with the failed job's id, task, state, error and traceback as one object.
update job as d
set state  = case when coalesce(d.countdown_ms, 0) > 0 then 'SCHEDULED' else 'PENDING' end,
    run_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', (coalesce(d.countdown_ms, 0) / 1000.0) || ' seconds'),
    workflow_input = case when d.payload is not null and not d.immutable then p.failure end,
    args   = case
                 when d.immutable or d.payload is not null then d.args
                 when json_type(d.args, '$.args') is not 'array' then p.failure
                 when json_remove(d.args, '$.args', '$.kwargs') <> '{}' then p.failure
                 else json_set(d.args, '$.args', json('[' || p.failure || coalesce(',' || nullif(substr(json_extract(d.args, '$.args'), 2), ']'), ']')))
             end
from (
    select id, json_object('id', id, 'task', task, 'state', state, 'error', error, 'traceback', traceback) as failure
    from job
    where id in (select value from json_each(@ids)) and state in ('FAILURE', 'REVOKED')
) as p
where d.parent_id = p.id and d.errback
  and d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00.000Z'
returning id, queue;
