-- The view report_runtime's figures over jobs finished since @since (the view is this without the filter).
select queue,
       task,
       count(*) filter (where state = 'SUCCESS') as succeeded,
       count(*) filter (where state = 'FAILURE') as failed,
       count(*) filter (where state = 'REVOKED') as revoked,
       (count(*) filter (where state = 'FAILURE'))::float8
           / nullif(count(*) filter (where state in ('SUCCESS', 'FAILURE')), 0) as failure_rate,
       percentile_cont(0.5) within group (order by ms) as p50_ms,
       percentile_cont(0.95) within group (order by ms) as p95_ms,
       percentile_cont(0.99) within group (order by ms) as p99_ms,
       max(ms) as max_ms
from (select queue, task, state,
             case when state in ('SUCCESS', 'FAILURE')
                  then (extract(epoch from finished_at - started_at) * 1000)::float8 end as ms
      from {schema}.job
      where state in ('SUCCESS', 'FAILURE', 'REVOKED') and finished_at >= @since) as finished
group by queue, task
order by queue, task;
