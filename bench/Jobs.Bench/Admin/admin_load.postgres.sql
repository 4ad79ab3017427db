-- Scenario A: @n jobs over the last 24 hours in creation (UUIDv7) order, as a busy system that keeps a day of results has them:
-- 97 % finished (96.7 % of those SUCCESS, 3 % FAILURE, 0.3 % REVOKED), the newest 3 % waiting or running (PENDING, STARTED,
-- SCHEDULED, RETRY); 10 queues of unequal size (default 30 %, emails 20 %, ... notifications 3 %), 2 tasks each; args
-- {"customer": "cust-NNNNN", "order": n} with customers skewed (cust-00000 in about 3 % of jobs, cust-19999 in a few).
-- Deterministic (multiplicative hashes of the row number), and the same rows as admin_load.sqlite.sql.
insert into jobs.job (id, task, queue, priority, state, args, result, error, traceback, attempt, max_attempts,
                      run_at, lease_until, worker, created_at, started_at, finished_at)
select
    (lpad(to_hex(ms), 12, '0') || '7' || lpad(to_hex(h2 % 4096), 3, '0') || '8' || lpad(to_hex(h3 % 4096), 3, '0') || lpad(to_hex(i), 12, '0'))::uuid,
    q.name || '.' || case when h4 % 3 = 0 then 'sync' else 'run' end,
    q.name, 0, st,
    jsonb_build_object('customer', 'cust-' || lpad(cust::text, 5, '0'), 'order', 100000 + i),
    case when st = 'SUCCESS' then '{"ok": true}'::jsonb end,
    case when st = 'FAILURE' then 'TimeoutException: the upstream did not answer in 30 s'
         when st = 'REVOKED' then 'revoked' end,
    case when st = 'FAILURE' then repeat('   at Upstream.CallAsync(Request r) in /src/Upstream.cs:line 42' || chr(10), 8) end,
    case when st in ('SUCCESS', 'FAILURE', 'REVOKED', 'STARTED', 'RETRY') then 1 else 0 end, 4,
    case when st = 'SCHEDULED' then created + interval '1 hour' when st = 'RETRY' then now() + interval '30 seconds' else created end,
    case when st = 'STARTED' then now() + interval '5 minutes' end,
    case when st in ('SUCCESS', 'FAILURE', 'STARTED') then 'host-' || (h4 % 8) || ':4242' end,
    created,
    case when st in ('SUCCESS', 'FAILURE', 'STARTED') then created + interval '100 ms' end,
    case when st in ('SUCCESS', 'FAILURE', 'REVOKED') then created + interval '300 ms' end
from (
    select i, created, (extract(epoch from created) * 1000)::bigint as ms,
           ((i * 2654435761 + 11) % 4294967296) / 65536 as h1,
           ((i * 2246822519 + 23) % 4294967296) / 65536 as h2,
           ((i * 3266489917 + 37) % 4294967296) / 65536 as h3,
           ((i * 668265263 + 51) % 4294967296) / 65536 as h4,
           ((i * 374761393 + 71) % 4294967296) / 65536 as h5
    from (select i, now() - interval '24 hours' + (i * (86400000.0 / @n)) * interval '1 ms' as created
          from generate_series(0::bigint, @n - 1) i) g
) x
cross join lateral (select
    case when i >= @n * 97 / 100 then
             case when h1 % 100 < 70 then 'PENDING' when h1 % 100 < 80 then 'STARTED' when h1 % 100 < 95 then 'SCHEDULED' else 'RETRY' end
         else case when h1 % 1000 < 967 then 'SUCCESS' when h1 % 1000 < 997 then 'FAILURE' else 'REVOKED' end end as st,
    floor(20000 * power((h5 % 65536) / 65536.0, 3))::bigint as cust0) s
cross join lateral (select least(cust0, 19999) as cust) c
cross join lateral (select case
    when h4 % 100 < 30 then 'default' when h4 % 100 < 50 then 'emails' when h4 % 100 < 60 then 'reports'
    when h4 % 100 < 70 then 'billing' when h4 % 100 < 80 then 'webhooks' when h4 % 100 < 85 then 'imports'
    when h4 % 100 < 90 then 'exports' when h4 % 100 < 94 then 'search' when h4 % 100 < 97 then 'media'
    else 'notifications' end as name) q;
