-- Running jobs are few: the rescuer's scan of expired leases reads job_running_idx (every STARTED row), and a claim
-- writes one index entry less.
drop index job_lease_idx on {schema}.job;
