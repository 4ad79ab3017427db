-- Job counts per queue and state without reading the whole table: the waiting and running jobs are counted where
-- their partial indexes hold them (job_runnable_idx, job_running_idx: live rows only), the finished ones are the
-- totals the triggers of migration 11 keep in job_count plus the deltas not folded into it yet. One snapshot, so
-- the counts are exact as of it.
with counts as (
    select queue, state, n from {schema}.job_count
    union all
    select queue, state, n from {schema}.job_count_delta
    union all
    select queue, state, count(*) from {schema}.job where state in ('PENDING', 'SCHEDULED', 'RETRY') group by queue, state
    union all
    select queue, 'STARTED', count(*) from {schema}.job where state = 'STARTED' group by queue
)
select queue,
       coalesce(sum(n) filter (where state = 'SCHEDULED'), 0)::bigint as scheduled,
       coalesce(sum(n) filter (where state = 'PENDING'), 0)::bigint   as pending,
       coalesce(sum(n) filter (where state = 'STARTED'), 0)::bigint   as running,
       coalesce(sum(n) filter (where state = 'RETRY'), 0)::bigint     as retrying,
       coalesce(sum(n) filter (where state = 'SUCCESS'), 0)::bigint   as succeeded,
       coalesce(sum(n) filter (where state = 'FAILURE'), 0)::bigint   as failed,
       coalesce(sum(n) filter (where state = 'REVOKED'), 0)::bigint   as revoked
from counts
group by queue
having sum(n) <> 0
order by queue;
