-- Jobs now FAILURE or REVOKED (@ids): the jobs waiting for their groups fail with the first failed member in member
-- order ("ChordError: member ID failed: ..."). Only waiting jobs change, so a callback is failed once.
update job as d
set state       = 'FAILURE',
    error       = 'ChordError: member ' || f.id || case when f.state = 'REVOKED' then ' was revoked: ' else ' failed: ' end || coalesce(f.error, ''),
    run_at      = {now},
    finished_at = {now}
from (
    select group_id, id, state, error
    from (select group_id, id, state, error, row_number() over (partition by group_id order by group_index) as n
          from job
          where id in (select value from json_each(@ids)) and state in ('FAILURE', 'REVOKED') and group_id is not null)
    where n = 1
) as f
where d.parent_group_id = f.group_id
  and d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00.000Z'
returning id;
