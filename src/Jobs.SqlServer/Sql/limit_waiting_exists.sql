-- Whether a due job of @queues waits under an active limit: an idle worker that skipped the limited claim (no
-- limited work last time it looked) looks again at once when this is true. Starts from the (tiny) limit table, so
-- without limits it reads no job row.
select cast(case when exists (
    select 1
    from {schema}.job_limit as l
    where (l.per_second is not null or l.max_running is not null)
      and (l.scope = 'task' or l.name in (select [value] from openjson(@queues)))
      and exists (select 1 from {schema}.job as j
                  where j.state in ('PENDING', 'SCHEDULED', 'RETRY')
                    and j.queue in (select [value] from openjson(@queues))
                    and not exists (select 1 from {schema}.queue as p where p.name = j.queue and p.paused_at is not null)
                    and j.run_at <= sysutcdatetime()
                    and ((l.scope = 'queue' and j.queue = l.name) or (l.scope = 'task' and j.task = l.name)))
) then 1 else 0 end as bit);
