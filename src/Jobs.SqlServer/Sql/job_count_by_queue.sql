-- Job counts per queue and state without reading the whole table: the waiting and running jobs are counted where
-- their filtered indexes hold them (job_runnable_idx, job_running_idx: live rows only), the finished ones are the
-- totals the trigger of migration 11 keeps in job_count plus the deltas not folded into it yet. One statement, so
-- the counts are read together.
with counts as (
    select queue, state, n from {schema}.job_count
    union all
    select queue, state, n from {schema}.job_count_delta
    union all
    select queue, state, count_big(*) from {schema}.job where state in ('PENDING', 'SCHEDULED', 'RETRY') group by queue, state
    union all
    select queue, 'STARTED', count_big(*) from {schema}.job where state = 'STARTED' group by queue
)
select queue,
       coalesce(sum(case when state = 'SCHEDULED' then n end), 0) as scheduled,
       coalesce(sum(case when state = 'PENDING' then n end), 0)   as pending,
       coalesce(sum(case when state = 'STARTED' then n end), 0)   as running,
       coalesce(sum(case when state = 'RETRY' then n end), 0)     as retrying,
       coalesce(sum(case when state = 'SUCCESS' then n end), 0)   as succeeded,
       coalesce(sum(case when state = 'FAILURE' then n end), 0)   as failed,
       coalesce(sum(case when state = 'REVOKED' then n end), 0)   as revoked
from counts
group by queue
having sum(n) <> 0
order by queue;
