-- Jobs just recorded SUCCESS (@ids, each once): releases the jobs waiting for them, fed with the result, to run at
-- once or after their countdown. Feeding (as Core's CallJson.Feed): an immutable job keeps its arguments; a call (an
-- object of an array "args", an optional "kwargs" and nothing else) gets the result prepended to "args"; other
-- arguments become the result. A job with a payload (README "Payloads: codecs and compression") keeps its bytes and
-- gets the result in workflow_input; the worker feeds it after opening the payload.
update job as d
set state  = case when coalesce(d.countdown_ms, 0) > 0 then 'SCHEDULED' else 'PENDING' end,
    run_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', (coalesce(d.countdown_ms, 0) / 1000.0) || ' seconds'),
    workflow_input = case when d.payload is not null and not d.immutable then coalesce(p.result, 'null') end,
    args   = case
                 when d.immutable or d.payload is not null then d.args
                 when json_type(d.args, '$.args') is not 'array' then coalesce(p.result, 'null')
                 when json_remove(d.args, '$.args', '$.kwargs') <> '{}' then coalesce(p.result, 'null')
                 else json_set(d.args, '$.args', json('[' || coalesce(p.result, 'null') || coalesce(',' || nullif(substr(json_extract(d.args, '$.args'), 2), ']'), ']')))
             end
from job as p
where p.id in (select value from json_each(@ids)) and p.state = 'SUCCESS'
  and d.parent_id = p.id and not d.errback
  and d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00.000Z'
returning id, queue;
