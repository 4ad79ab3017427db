-- Claims due enabled schedules for this beat's transaction: UPDLOCK until the commit, READPAST skips rows another
-- beat holds (READCOMMITTEDLOCK: also under READ_COMMITTED_SNAPSHOT, and a row it has just advanced is read as
-- committed, against its new next_run_at), so each slot is claimed once.
select top (@limit) name, task, args, queue, priority, cron, every_ms, time_zone, catch_up, next_run_at
from {schema}.schedule with (updlock, readpast, rowlock, readcommittedlock)
where enabled = 1 and next_run_at <= @now
order by next_run_at;
