-- How long until the earliest enabled schedule is due, on the database clock (null when none is).
select min(next_run_at) - statement_timestamp() from {schema}.schedule where enabled;
