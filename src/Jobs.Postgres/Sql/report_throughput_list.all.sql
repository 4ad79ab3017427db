-- Finished jobs per minute over every finished job: the report_throughput view.
select minute, queue, task, succeeded, failed, revoked
from {schema}.report_throughput
order by minute, queue, task;
