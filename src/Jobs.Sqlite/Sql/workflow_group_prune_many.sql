-- Deletes group counters whose members are all gone (pruned), a batch at a time.
delete from job_group
where id in (
    select g.id from job_group g
    where g.created_at < {now_plus:-@ttl_ms}
      and not exists (select 1 from job j where j.group_id = g.id)
    limit @limit
);
