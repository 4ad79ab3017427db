-- Deletes jobs of one queue or all that finished before @before. Returns how many.
set nocount on;
delete from {schema}.job
where state in ('SUCCESS', 'FAILURE', 'REVOKED')
  and finished_at < @before
  and (@queue is null or queue = @queue);
select @@rowcount;
