-- Deletes finished jobs that finished before @before, of one queue or all.
delete from job
where state in ('SUCCESS', 'FAILURE', 'REVOKED')
  and finished_at < @before
  and (@queue is null or queue = @queue);
