-- Sets the rate limit of a task or queue; the bucket starts full. Returns the rows written.
set nocount on;
merge {schema}.job_limit with (holdlock) as l
using (select @scope as scope, @name as name) as s on l.scope = s.scope and l.name = s.name
when matched then
    update set rate = @rate, per_second = @per_second, burst = @burst, tokens = @burst, refilled_at = sysutcdatetime(),
               updated_at = sysutcdatetime()
when not matched then
    insert (scope, name, rate, per_second, burst, tokens, refilled_at) values (@scope, @name, @rate, @per_second, @burst, @burst, sysutcdatetime());
select @@rowcount;
