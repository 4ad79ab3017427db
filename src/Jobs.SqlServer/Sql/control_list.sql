-- Unexpired requests after @after addressed to everyone or to @worker, by id.
select id, command, args, destination, todatetimeoffset(created_at, 0), todatetimeoffset(expires_at, 0)
from {schema}.control
where id > @after and (destination is null or destination = @worker) and expires_at > sysutcdatetime()
order by id;
