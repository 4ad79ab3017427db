-- The view report_throughput's rows (the view is this without the window), the minutes that start at or after @since.
-- A filter on the view's minute reads every finished job; finished_at >= @since follows from it and lets
-- job_finished_idx read only the window.
select todatetimeoffset(minute, 0), queue, task, succeeded, failed, revoked
from (select dateadd(minute, datediff(minute, '2000-01-01', finished_at), cast('2000-01-01' as datetime2(3))) as minute,
             queue,
             task,
             count_big(case when state = 'SUCCESS' then 1 end) as succeeded,
             count_big(case when state = 'FAILURE' then 1 end) as failed,
             count_big(case when state = 'REVOKED' then 1 end) as revoked
      from {schema}.job
      where state in ('SUCCESS', 'FAILURE', 'REVOKED') and finished_at >= @since
      group by dateadd(minute, datediff(minute, '2000-01-01', finished_at), cast('2000-01-01' as datetime2(3))), queue, task) as per_minute
where minute >= @since
order by minute, queue, task;
