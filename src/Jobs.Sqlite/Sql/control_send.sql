insert into control (command, args, destination, created_at, expires_at)
values (@command, @args, @destination, {now}, {now_plus:@ttl_ms})
returning id;
