    select id
    from {schema}.job
    where state in ('PENDING', 'SCHEDULED', 'RETRY')
      and {queue_filter}
      -- Paused queues (table queue) are read once per statement, like the limits below.
      and queue <> all (array(select p.name from {schema}.queue p where p.paused_at is not null))
      and run_at <= now()
      -- Jobs under an active limit are the limited claim's. The limits are read once per statement (uncorrelated
      -- subqueries: InitPlans), and the "no limit at all" case is spelled out, so the planner keeps the scan in index
      -- order and stops at @limit rows. (Correlated NOT EXISTS probes were planned as an anti-join that read and sorted
      -- the whole runnable set on every claim; "task <> all (...)" alone is estimated to match nothing when the
      -- queue holds one task.)
      and (not exists (select 1 from {schema}.job_limit l where l.per_second is not null or l.max_running is not null)
           or (task <> all (array(select l.name from {schema}.job_limit l
                                  where l.scope = 'task' and (l.per_second is not null or l.max_running is not null)))
               and queue <> all (array(select l.name from {schema}.job_limit l
                                       where l.scope = 'queue' and (l.per_second is not null or l.max_running is not null)))))
    order by priority desc, run_at, id
    limit @limit
    for update skip locked
