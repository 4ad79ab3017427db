-- Moves claimed schedules to their next slots, recording the jobs they fired (if any); @advances is a JSON array.
update s
set next_run_at = a.next_run_at,
    last_run_at = coalesce(a.fired_at, s.last_run_at),
    last_job_id = coalesce(a.job_id, s.last_job_id)
from {schema}.schedule as s
join openjson(@advances) with (
         name        nvarchar(200)    '$.name',
         next_run_at datetime2(3)     '$.next_run_at',
         fired_at    datetime2(3)     '$.fired_at',
         job_id      uniqueidentifier '$.job_id') as a
    on s.name = a.name;
