-- The cross-process change check (SqlServerChangePoller): a fingerprint of the job table that moves when another
-- process inserts a job (the newest id_order: the last row of the clustered index) or finishes one (the latest
-- finished_at: the last row of job_finished_idx) or pauses or resumes a queue. Two single-row seeks, no locks taken.
select (select max(id_order) from {schema}.job with (readpast)),
       (select max(finished_at) from {schema}.job with (readpast) where state in ('SUCCESS', 'FAILURE', 'REVOKED')),
       (select max(updated_at) from {schema}.queue);
