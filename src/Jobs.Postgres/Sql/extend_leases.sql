-- The heartbeat: extends the leases of all jobs a worker still owns; returns those ids (others were lost).
update {schema}.job j
set lease_until = now() + @lease_ms * interval '1 millisecond'
from unnest(@ids::uuid[], @attempts::int[]) as i(id, attempt)
where j.id = i.id and j.attempt = i.attempt and j.worker = @worker and j.state = 'STARTED'
returning j.id;
