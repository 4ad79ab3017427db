select worker, reply, todatetimeoffset(created_at, 0) from {schema}.control_reply where request_id = @request_id order by worker;
