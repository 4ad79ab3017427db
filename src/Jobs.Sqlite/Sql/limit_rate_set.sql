-- Sets the rate limit of a task or queue; the bucket starts full.
insert into job_limit (scope, name, rate, per_second, burst, tokens, refilled_at)
values (@scope, @name, @rate, @per_second, @burst, @burst, {now})
on conflict (scope, name) do update
set rate = excluded.rate, per_second = excluded.per_second, burst = excluded.burst,
    tokens = excluded.tokens, refilled_at = excluded.refilled_at, updated_at = {now};
