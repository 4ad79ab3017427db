select worker, reply, created_at from control_reply where request_id = @request_id order by worker;
