create index job_lease_idx on {schema}.job (lease_until)
    where state = 'STARTED';
