-- Every stored limit with the jobs of its task or queue running now.
select l.scope, l.name, l.rate, l.burst, l.tokens, l.max_running,
       case when l.scope = 'queue' then (select count_big(*) from {schema}.job as j where j.state = 'STARTED' and j.queue = l.name)
            else (select count_big(*) from {schema}.job as j where j.state = 'STARTED' and j.task = l.name) end as running,
       l.declared
from {schema}.job_limit as l
order by l.scope, l.name;
