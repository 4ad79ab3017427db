-- Deletes finished jobs that finished before @before, of one queue or all.
delete from {schema}.job
where state in ('SUCCESS', 'FAILURE', 'REVOKED')
  and finished_at < @before
  and (@queue::text is null or queue = @queue);
