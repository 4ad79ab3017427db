-- Moves claimed schedules to their next slots, recording the jobs they fired (if any).
update {schema}.schedule s
set next_run_at = a.next_run_at,
    last_run_at = coalesce(a.fired_at, s.last_run_at),
    last_job_id = coalesce(a.job_id, s.last_job_id)
from unnest(@names::text[], @next_run_ats::timestamptz[], @fired_ats::timestamptz[], @job_ids::uuid[])
    as a(name, next_run_at, fired_at, job_id)
where s.name = a.name;
