-- Scenario A: the same @n jobs as admin_load.postgres.sql (see there), in SQLite's formats: UUID text, ISO 8601 UTC text.
-- @start_ms: the first job's creation time (unix ms, 24 hours ago); @now_ms: now.
insert into job (id, task, queue, priority, state, args, result, error, traceback, attempt, max_attempts,
                 run_at, lease_until, worker, created_at, started_at, finished_at)
with recursive
  seq(i) as (select 0 union all select i + 1 from seq where i < @n - 1),
  x as (
    select i, ms,
           ((i * 2654435761 + 11) % 4294967296) / 65536 as h1,
           ((i * 2246822519 + 23) % 4294967296) / 65536 as h2,
           ((i * 3266489917 + 37) % 4294967296) / 65536 as h3,
           ((i * 668265263 + 51) % 4294967296) / 65536 as h4,
           ((i * 374761393 + 71) % 4294967296) / 65536 as h5
    from (select i, @start_ms + (i * 86400000) / @n as ms from seq)
  ),
  s as (
    select x.*,
      case when i >= @n * 97 / 100 then
               case when h1 % 100 < 70 then 'PENDING' when h1 % 100 < 80 then 'STARTED' when h1 % 100 < 95 then 'SCHEDULED' else 'RETRY' end
           else case when h1 % 1000 < 967 then 'SUCCESS' when h1 % 1000 < 997 then 'FAILURE' else 'REVOKED' end end as st,
      min(cast(20000 * ((h5 % 65536) / 65536.0) * ((h5 % 65536) / 65536.0) * ((h5 % 65536) / 65536.0) as integer), 19999) as cust,
      case when h4 % 100 < 30 then 'default' when h4 % 100 < 50 then 'emails' when h4 % 100 < 60 then 'reports'
           when h4 % 100 < 70 then 'billing' when h4 % 100 < 80 then 'webhooks' when h4 % 100 < 85 then 'imports'
           when h4 % 100 < 90 then 'exports' when h4 % 100 < 94 then 'search' when h4 % 100 < 97 then 'media'
           else 'notifications' end as q
    from x
  )
select printf('%08x-%04x-7%03x-8%03x-%012x', ms >> 16, ms & 65535, h2 % 4096, h3 % 4096, i),
       q || '.' || case when h4 % 3 = 0 then 'sync' else 'run' end,
       q, 0, st,
       json_object('customer', 'cust-' || printf('%05d', cust), 'order', 100000 + i),
       case when st = 'SUCCESS' then '{"ok":true}' end,
       case when st = 'FAILURE' then 'TimeoutException: the upstream did not answer in 30 s' when st = 'REVOKED' then 'revoked' end,
       case when st = 'FAILURE' then replace(printf('%8s', ''), ' ', '   at Upstream.CallAsync(Request r) in /src/Upstream.cs:line 42' || char(10)) end,
       case when st in ('SUCCESS', 'FAILURE', 'REVOKED', 'STARTED', 'RETRY') then 1 else 0 end, 4,
       strftime('%Y-%m-%dT%H:%M:%fZ', (case when st = 'SCHEDULED' then ms + 3600000 when st = 'RETRY' then @now_ms + 30000 else ms end) / 1000.0, 'unixepoch'),
       case when st = 'STARTED' then strftime('%Y-%m-%dT%H:%M:%fZ', (@now_ms + 300000) / 1000.0, 'unixepoch') end,
       case when st in ('SUCCESS', 'FAILURE', 'STARTED') then 'host-' || (h4 % 8) || ':4242' end,
       strftime('%Y-%m-%dT%H:%M:%fZ', ms / 1000.0, 'unixepoch'),
       case when st in ('SUCCESS', 'FAILURE', 'STARTED') then strftime('%Y-%m-%dT%H:%M:%fZ', (ms + 100) / 1000.0, 'unixepoch') end,
       case when st in ('SUCCESS', 'FAILURE', 'REVOKED') then strftime('%Y-%m-%dT%H:%M:%fZ', (ms + 300) / 1000.0, 'unixepoch') end
from s;
