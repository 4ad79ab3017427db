-- Releases the jobs waiting for completed groups (@group_ids), fed (as in workflow_succeeded_many.release_children.sql)
-- with the members' results as one JSON array in member order (a job with a payload: in workflow_input).
update job as d
set state  = case when coalesce(d.countdown_ms, 0) > 0 then 'SCHEDULED' else 'PENDING' end,
    run_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', (coalesce(d.countdown_ms, 0) / 1000.0) || ' seconds'),
    workflow_input = case when d.payload is not null and not d.immutable then r.res end,
    args   = case
                 when d.immutable or d.payload is not null then d.args
                 when json_type(d.args, '$.args') is not 'array' then r.res
                 when json_remove(d.args, '$.args', '$.kwargs') <> '{}' then r.res
                 else json_set(d.args, '$.args', json('[' || r.res || coalesce(',' || nullif(substr(json_extract(d.args, '$.args'), 2), ']'), ']')))
             end
from (
    select group_id, json_group_array(json(coalesce(result, 'null')) order by group_index) as res
    from job
    where group_id in (select value from json_each(@group_ids))
    group by group_id
) as r
where d.parent_group_id = r.group_id
  and d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00.000Z'
returning id, queue;
