select worker, reply::text, created_at from {schema}.control_reply where request_id = @request_id order by worker;
