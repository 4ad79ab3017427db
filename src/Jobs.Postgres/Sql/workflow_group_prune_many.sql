-- Deletes group counters whose members are all gone (pruned), a batch at a time.
delete from {schema}.job_group g
where g.id in (
    select g2.id
    from {schema}.job_group g2
    where g2.created_at < now() - @ttl_ms * interval '1 millisecond'
      and not exists (select 1 from {schema}.job j where j.group_id = g2.id)
    limit @limit
);
