-- Deletes finished jobs whose result TTL has passed, a batch at a time; their history (job_attempt) goes with them
-- (on delete cascade).
with doomed as (
    select id
    from {schema}.job
    where state in ('SUCCESS', 'FAILURE', 'REVOKED')
      and finished_at < now() - @ttl_ms * interval '1 millisecond'
    limit @limit
    for update skip locked
)
delete from {schema}.job j using doomed d where j.id = d.id;
