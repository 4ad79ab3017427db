-- Tells listeners (after the write committed) that control requests or events were stored.
select pg_notify(@channel, '');
