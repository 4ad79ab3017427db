-- Job counts per queue and state.
select queue,
       count(*) filter (where state = 'SCHEDULED') as scheduled,
       count(*) filter (where state = 'PENDING')   as pending,
       count(*) filter (where state = 'STARTED')   as running,
       count(*) filter (where state = 'RETRY')     as retrying,
       count(*) filter (where state = 'SUCCESS')   as succeeded,
       count(*) filter (where state = 'FAILURE')   as failed,
       count(*) filter (where state = 'REVOKED')   as revoked
from {schema}.job
group by queue
order by queue;
