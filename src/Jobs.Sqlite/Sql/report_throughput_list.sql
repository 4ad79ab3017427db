-- Finished jobs per minute from the view, the minutes that start at or after @since (null: all).
select minute, queue, task, succeeded, failed, revoked
from report_throughput
where @since is null or minute >= @since
order by minute, queue, task;
