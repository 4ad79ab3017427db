-- The earliest next_run_at of an enabled schedule (null when none).
select min(next_run_at) from schedule where enabled = 1;
