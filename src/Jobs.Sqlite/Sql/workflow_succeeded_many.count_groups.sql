-- Jobs just recorded SUCCESS (@ids, each once): decrements their groups' counters. SQLite's single writer makes
-- completions take turns, so exactly one sees a counter reach 0. Returns the groups that did.
update job_group
set remaining = job_group.remaining - m.n
from (
    select group_id, count(*) as n
    from job
    where id in (select value from json_each(@ids)) and state = 'SUCCESS' and group_id is not null
    group by group_id
) as m
where job_group.id = m.group_id
returning job_group.id, job_group.remaining;
