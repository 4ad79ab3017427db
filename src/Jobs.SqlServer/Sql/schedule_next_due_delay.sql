-- Milliseconds until the earliest enabled schedule is due, on the database clock (null when none is).
select cast(datediff_big(microsecond, sysutcdatetime(), min(next_run_at)) as float) / 1000
from {schema}.schedule
where enabled = 1;
