-- A worker's reply (the latest one if it answers twice); none for a request already pruned.
insert into control_reply (request_id, worker, reply, created_at)
select @request_id, @worker, @reply, {now}
where exists (select 1 from control where id = @request_id)
on conflict (request_id, worker) do update set reply = excluded.reply, created_at = excluded.created_at;
