-- A search for failed or revoked jobs only: the failed-jobs index's condition (job_failed_idx, migration 11),
-- written out so that the filtered index can serve the query (a parameter cannot match an index filter).
and j.state in ('FAILURE', 'REVOKED')
