select queue, waiting, scheduled, running, todatetimeoffset(oldest_waiting_since, 0), oldest_wait_seconds
from {schema}.report_queues
order by queue;
