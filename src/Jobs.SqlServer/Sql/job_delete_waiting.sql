-- Celery's purge: deletes waiting jobs (not running, not finished) of one queue or all. Returns how many.
set nocount on;
delete from {schema}.job
where state in ('SCHEDULED', 'PENDING', 'RETRY')
  and (@queue is null or queue = @queue);
select @@rowcount;
