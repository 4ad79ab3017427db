-- Deletes finished jobs whose result TTL has passed, a batch at a time; trigger job_attempt_delete deletes their history.
delete from job
where id in (
    select id from job
    where state in ('SUCCESS', 'FAILURE', 'REVOKED')
      and finished_at < {now_plus:-@ttl_ms}
    limit @limit
);
