-- Upserts a limit declared in code. An existing row is rewritten only when the declaration changed, so a limit
-- changed at run time (jobs ratelimit ...) survives restarts that declare the same thing as before.
insert into {schema}.job_limit as l (scope, name, rate, per_second, burst, tokens, refilled_at, max_running, declared)
values (@scope, @name, @rate, @per_second, @burst, coalesce(@burst, 0), now(), @max_running, @declared)
on conflict (scope, name) do update
set rate = excluded.rate, per_second = excluded.per_second, burst = excluded.burst, tokens = excluded.tokens,
    refilled_at = excluded.refilled_at, max_running = excluded.max_running, declared = excluded.declared, updated_at = now()
where l.declared is distinct from excluded.declared;
