-- The cross-process change check (SqlServerChangePoller): a fingerprint of the tables that moves when another
-- process inserts a job (the newest id_order: the last row of the clustered index), finishes one (the latest
-- finished_at: the last row of job_finished_idx), pauses or resumes a queue, sends a control request or stores an
-- event (the newest ids). Single-row seeks, no locks waited for.
select (select max(id_order) from {schema}.job with (readpast)),
       (select max(finished_at) from {schema}.job with (readpast) where state in ('SUCCESS', 'FAILURE', 'REVOKED')),
       (select max(updated_at) from {schema}.queue),
       (select max(id) from {schema}.control),
       (select max(id) from {schema}.event);
