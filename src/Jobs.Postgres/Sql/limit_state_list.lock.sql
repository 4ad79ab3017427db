-- Locks the active limits that apply to a claimer of @queues (task limits apply to every queue) in (scope, name)
-- order, until the claim commits: concurrent limited claims take turns, so buckets and running counts stay exact.
select 1
from {schema}.job_limit l
where (l.per_second is not null or l.max_running is not null)
  and (l.scope = 'task' or l.name = any(@queues))
order by l.scope, l.name
for update of l;
