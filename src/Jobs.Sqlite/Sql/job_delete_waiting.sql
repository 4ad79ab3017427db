-- Celery's purge: deletes waiting jobs (not running, not finished) of one queue or all.
delete from job
where state in ('SCHEDULED', 'PENDING', 'RETRY')
  and (@queue is null or queue = @queue);
