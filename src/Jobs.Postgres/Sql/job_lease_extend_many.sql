-- The heartbeat: extends the leases of all attempts a worker still owns; returns those (id, attempt) pairs (others
-- were lost). Rows are locked in id order first, as job_finish_many.sql and job_release_many.sql do, so that concurrent heartbeats,
-- completions and releases of one worker cannot deadlock (UPDATE ... FROM unnest would lock in array order).
with locked as materialized (
    select j.id
    from {schema}.job j
    join unnest(@ids::uuid[], @attempts::int[]) as i(id, attempt) on j.id = i.id and j.attempt = i.attempt
    where j.worker = @worker and j.state = 'STARTED'
    order by j.id
    for update of j
)
update {schema}.job j
set lease_until = now() + @lease_ms * interval '1 millisecond'
from locked l
where j.id = l.id
returning j.id, j.attempt;
