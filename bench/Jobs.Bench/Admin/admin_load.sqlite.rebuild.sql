-- Rebuilds SQLite's finished-job counts from the table (README "Tables"), after the load inserted finished jobs.
delete from job_count;
insert into job_count (queue, state, n)
select queue, state, count(*) from job where state in ('SUCCESS', 'FAILURE', 'REVOKED') group by queue, state;
