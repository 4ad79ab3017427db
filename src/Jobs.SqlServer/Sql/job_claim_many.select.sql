    -- The claim's rows: a seek on job_runnable_idx (keys: queue, then exactly this ORDER BY), stopping after @limit
    -- rows. Rows other claimers hold are skipped (READPAST); READCOMMITTEDLOCK makes READPAST legal under
    -- READ_COMMITTED_SNAPSHOT and reads the latest committed rows rather than a version. Paused queues and jobs under
    -- an active limit (the limited claim's) are left out by anti-semi-joins against the small queue and limit tables.
    select top (@limit) j.*
    from {schema}.job as j with (updlock, readpast, rowlock, readcommittedlock)
    where j.state in ('PENDING', 'SCHEDULED', 'RETRY')
      and {queue_filter}
      and j.run_at <= @now
      and not exists (select 1 from {schema}.queue as p where p.name = j.queue and p.paused_at is not null)
      and not exists (select 1 from {schema}.job_limit as l
                      where (l.per_second is not null or l.max_running is not null)
                        and ((l.scope = 'task' and l.name = j.task) or (l.scope = 'queue' and l.name = j.queue)))
    order by j.priority desc, j.run_at, j.id_order
