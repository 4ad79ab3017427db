-- Wakes workers listening for these queues (sent at commit).
select pg_notify(@available_channel, q) from unnest(@queues::text[]) as q;
