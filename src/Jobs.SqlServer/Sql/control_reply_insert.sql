-- Stores (or replaces) a worker's reply to a request that still exists.
merge {schema}.control_reply with (holdlock) as r
using (select @request_id as request_id, @worker as worker
       where exists (select 1 from {schema}.control where id = @request_id)) as s
    on r.request_id = s.request_id and r.worker = s.worker
when matched then update set reply = @reply, created_at = sysutcdatetime()
when not matched then insert (request_id, worker, reply, created_at) values (s.request_id, s.worker, @reply, sysutcdatetime());
