    select id
    from job
    where state in ('PENDING', 'SCHEDULED', 'RETRY')
      and queue in (select value from json_each(@queues))
      and queue not in (select p.name from queue p where p.paused_at is not null)
      and run_at <= {now}
      and not exists (select 1 from job_limit l
                      where l.scope = 'task' and l.name = job.task and (l.per_second is not null or l.max_running is not null))
      and not exists (select 1 from job_limit l
                      where l.scope = 'queue' and l.name = job.queue and (l.per_second is not null or l.max_running is not null))
    order by priority desc, run_at, id
    limit @limit