select id, command, args, destination, created_at, expires_at
from control
where id > @after and (destination is null or destination = @worker) and expires_at > {now}
order by id;
