-- The view report_runtime's figures over jobs finished since @since (the view is this without the filter; see its
-- definition for the percentile_cont computation).
with finished as (
    select queue, task, state,
           case when state in ('SUCCESS', 'FAILURE')
                then round((julianday(finished_at) - julianday(started_at)) * 86400000.0) end as ms
    from job
    where state in ('SUCCESS', 'FAILURE', 'REVOKED') and finished_at >= @since
), ranked as (
    select queue, task, state, ms,
           row_number() over w - 1 as i,
           count(*) over (partition by queue, task, ms is null) as n,
           lead(ms) over w as next_ms
    from finished
    window w as (partition by queue, task, ms is null order by ms)
)
select queue,
       task,
       sum(state = 'SUCCESS') as succeeded,
       sum(state = 'FAILURE') as failed,
       sum(state = 'REVOKED') as revoked,
       1.0 * sum(state = 'FAILURE') / nullif(sum(state in ('SUCCESS', 'FAILURE')), 0) as failure_rate,
       max(case when ms is not null and i = cast((n - 1) * 0.5 as integer)
                then ms + (coalesce(next_ms, ms) - ms) * ((n - 1) * 0.5 - cast((n - 1) * 0.5 as integer)) end) as p50_ms,
       max(case when ms is not null and i = cast((n - 1) * 0.95 as integer)
                then ms + (coalesce(next_ms, ms) - ms) * ((n - 1) * 0.95 - cast((n - 1) * 0.95 as integer)) end) as p95_ms,
       max(case when ms is not null and i = cast((n - 1) * 0.99 as integer)
                then ms + (coalesce(next_ms, ms) - ms) * ((n - 1) * 0.99 - cast((n - 1) * 0.99 as integer)) end) as p99_ms,
       max(ms) as max_ms
from ranked
group by queue, task
order by queue, task;
