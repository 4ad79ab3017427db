-- Run time percentiles per queue and task of the jobs finished since @since (PERCENTILE_CONT is a window function on
-- SQL Server: computed over each (queue, task) partition, then taken once per group), as the report_runtime view.
select queue, task,
       count_big(case when state = 'SUCCESS' then 1 end) as succeeded,
       count_big(case when state = 'FAILURE' then 1 end) as failed,
       count_big(case when state = 'REVOKED' then 1 end) as revoked,
       cast(count_big(case when state = 'FAILURE' then 1 end) as float)
           / nullif(count_big(case when state in ('SUCCESS', 'FAILURE') then 1 end), 0) as failure_rate,
       max(p50) as p50_ms, max(p95) as p95_ms, max(p99) as p99_ms, max(ms) as max_ms
from (select queue, task, state, ms,
             percentile_cont(0.5) within group (order by ms) over (partition by queue, task) as p50,
             percentile_cont(0.95) within group (order by ms) over (partition by queue, task) as p95,
             percentile_cont(0.99) within group (order by ms) over (partition by queue, task) as p99
      from (select queue, task, state,
                   case when state in ('SUCCESS', 'FAILURE')
                        then cast(datediff_big(microsecond, started_at, finished_at) as float) / 1000 end as ms
            from {schema}.job
            where state in ('SUCCESS', 'FAILURE', 'REVOKED') and finished_at >= @since) as timed) as finished
group by queue, task
order by queue, task;
