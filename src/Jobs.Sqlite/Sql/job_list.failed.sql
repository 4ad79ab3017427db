-- A search for failed or revoked jobs only: this term, written as the failed-jobs index's condition
-- (job_failed_idx, migration 11), lets SQLite walk that index newest first (a partial index serves a query only
-- when the query states its condition; a parameter cannot).
and state in ('FAILURE', 'REVOKED')
