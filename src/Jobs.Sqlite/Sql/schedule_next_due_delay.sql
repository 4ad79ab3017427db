-- The earliest next_run_at of an enabled schedule (null when none) and the database clock, whose difference is the
-- wait until it is due.
select min(next_run_at), {now} from schedule where enabled = 1;
