create index job_lease_idx on job (lease_until)
    where state = 'STARTED';
