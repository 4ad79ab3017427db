-- Rescues jobs whose lease expired (their worker died or hung): back to PENDING while attempts remain, else
-- FAILURE. SQLite's single writer makes concurrent rescuers take turns, so each job is rescued once.
update job
set state       = case when attempt >= max_attempts then 'FAILURE' else 'PENDING' end,
    error       = 'WorkerLostError: the lease of attempt ' || attempt || ' expired (worker '
                  || coalesce(worker, '?') || ' stopped renewing it)',
    finished_at = case when attempt >= max_attempts then {now} end,
    worker      = null,
    lease_until = null
where id in (
    select id from job
    where state = 'STARTED' and lease_until < {now}
    order by lease_until
    limit @limit
)
returning id, state, queue;
