-- Locks the active limits that apply to a claimer of @queues (task limits apply to every queue) in (scope, name)
-- order, until the claim commits: concurrent limited claims take turns, so buckets and running counts stay exact.
-- READCOMMITTEDLOCK: wait for the lock holder even under READ_COMMITTED_SNAPSHOT.
declare @locked int = (
    select count(*)
    from {schema}.job_limit as l with (updlock, rowlock, readcommittedlock)
    where (l.per_second is not null or l.max_running is not null)
      and (l.scope = 'task' or l.name in (select [value] from openjson(@queues))));
