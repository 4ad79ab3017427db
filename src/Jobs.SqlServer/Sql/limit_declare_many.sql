-- Upserts a limit declared in code. An existing row is rewritten only when the declaration changed, so a limit
-- changed at run time (jobs ratelimit ...) survives restarts that declare the same thing as before.
set nocount on;
merge {schema}.job_limit with (holdlock) as l
using (select @scope as scope, @name as name, @declared as declared) as s on l.scope = s.scope and l.name = s.name
when matched and (l.declared is null or l.declared <> s.declared) then
    update set rate = @rate, per_second = @per_second, burst = @burst, tokens = coalesce(@burst, 0),
               refilled_at = sysutcdatetime(), max_running = @max_running, declared = s.declared, updated_at = sysutcdatetime()
when not matched then
    insert (scope, name, rate, per_second, burst, tokens, refilled_at, max_running, declared)
    values (@scope, @name, @rate, @per_second, @burst, coalesce(@burst, 0), sysutcdatetime(), @max_running, @declared);
select @@rowcount;
