select queue, waiting, scheduled, running, oldest_waiting_since, oldest_wait_seconds
from report_queues
order by queue;
