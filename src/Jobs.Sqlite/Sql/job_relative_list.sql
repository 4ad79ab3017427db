-- The workflow relatives of job @id, each row saying how it relates: its parent (the job whose end released it), its
-- children (the jobs its end releases: next steps and errbacks), its group's other members, the jobs waiting for its
-- group (a chord's callback) and its workflow's root.
with j as (
    select id, parent_id, group_id, root_id from job where id = @id
), related as (
    select 'parent' as relation, p.id from job p join j on p.id = j.parent_id
    union all
    select 'child', c.id from job c join j on c.parent_id = j.id
    union all
    select 'member', m.id from job m join j on m.group_id = j.group_id where m.id <> j.id
    union all
    select 'callback', b.id from job b join j on b.parent_group_id = j.group_id
    union all
    select 'root', r.id from job r join j on r.id = j.root_id where r.id <> j.id
)
select x.id, x.task, x.queue, x.priority, x.state, x.args, x.result, x.error, x.traceback, x.attempt,
       x.max_attempts, x.run_at, x.expires_at, x.lease_until, x.worker, x.created_at, x.started_at, x.finished_at, x.terminate,
       x.trace_parent, x.parent_id, x.parent_group_id, x.root_id, x.group_id, r.relation,
       x.content_type, x.content_encoding, x.payload, x.signature, x.result_payload, x.result_signature
from related r
join job x on x.id = r.id
order by r.relation, x.group_index is null, x.group_index, x.id;
