-- Jobs just recorded SUCCESS (@ids, each once): releases the jobs waiting for them, with the result as their
-- arguments unless immutable, to run at once or after their countdown.
update job as d
set state  = case when coalesce(d.countdown_ms, 0) > 0 then 'SCHEDULED' else 'PENDING' end,
    run_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', (coalesce(d.countdown_ms, 0) / 1000.0) || ' seconds'),
    args   = case when d.immutable then d.args else coalesce(p.result, 'null') end
from job as p
where p.id in (select value from json_each(@ids)) and p.state = 'SUCCESS'
  and d.parent_id = p.id and not d.errback
  and d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00.000Z'
returning id, queue;
