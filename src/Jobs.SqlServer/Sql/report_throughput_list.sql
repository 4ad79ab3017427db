select todatetimeoffset(minute, 0), queue, task, succeeded, failed, revoked
from {schema}.report_throughput
where @since is null or minute >= @since
order by minute, queue, task;
