-- Before a COPY of jobs: keeps the job_notify_inserted trigger (migration 12) quiet for the rest of this transaction,
-- since the store notifies for its own rows after the commit (see job_insert_many.sql), and reads the database clock
-- for the countdowns and relative expiries of the rows. One statement per COPY, not a condition per row: a COPY
-- ... WHERE set_config(...) cost its server 12 % more CPU.
select statement_timestamp(), set_config('jobs.notify_inserts', 'off', true);
