-- The view report_throughput's rows (the view is this without the window), the minutes that start at or after @since.
-- A filter on the view's minute cannot reach the table (it is computed per group), so every finished job would be
-- read; finished_at >= @since follows from it and lets job_finished_idx read only the window.
select minute, queue, task, succeeded, failed, revoked
from (select date_trunc('minute', finished_at at time zone 'UTC') at time zone 'UTC' as minute,
             queue,
             task,
             count(*) filter (where state = 'SUCCESS') as succeeded,
             count(*) filter (where state = 'FAILURE') as failed,
             count(*) filter (where state = 'REVOKED') as revoked
      from {schema}.job
      where state in ('SUCCESS', 'FAILURE', 'REVOKED') and finished_at >= @since
      group by 1, 2, 3) as per_minute
where minute >= @since
order by minute, queue, task;
