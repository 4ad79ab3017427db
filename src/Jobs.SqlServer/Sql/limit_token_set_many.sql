-- Writes the buckets back after a limited claim: their level and the time (database clock) it was computed for.
update l
set tokens = t.tokens, refilled_at = case when l.refilled_at > @now then l.refilled_at else @now end
from {schema}.job_limit as l
join openjson(@tokens) with (scope nvarchar(10) '$.scope', name nvarchar(200) '$.name', tokens float '$.tokens') as t
    on l.scope = t.scope and l.name = t.name;
