-- Deletes the replies of expired or missing requests, then the expired requests (returned, to count them).
delete from control_reply where request_id not in (select id from control where expires_at > {now});

delete from control where expires_at <= {now} returning id;
