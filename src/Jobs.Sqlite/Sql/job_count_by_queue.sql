-- Job counts per queue and state.
select queue,
       sum(state = 'SCHEDULED') as scheduled,
       sum(state = 'PENDING')   as pending,
       sum(state = 'STARTED')   as running,
       sum(state = 'RETRY')     as retrying,
       sum(state = 'SUCCESS')   as succeeded,
       sum(state = 'FAILURE')   as failed,
       sum(state = 'REVOKED')   as revoked
from job
group by queue
order by queue;
