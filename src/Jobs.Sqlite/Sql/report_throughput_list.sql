-- The view report_throughput's rows (the view is this without the window), the minutes that start at or after @since.
-- A filter on the view's minute reads every finished job; finished_at >= @since follows from it and lets
-- job_finished_idx read only the window.
select minute, queue, task, succeeded, failed, revoked
from (select substr(finished_at, 1, 16) || ':00.000Z' as minute,
             queue,
             task,
             sum(state = 'SUCCESS') as succeeded,
             sum(state = 'FAILURE') as failed,
             sum(state = 'REVOKED') as revoked
      from job
      where state in ('SUCCESS', 'FAILURE', 'REVOKED') and finished_at >= @since
      group by 1, 2, 3)
where minute >= @since
order by minute, queue, task;
