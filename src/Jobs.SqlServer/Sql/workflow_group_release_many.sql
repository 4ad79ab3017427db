-- Releases the jobs waiting for completed groups (@group_ids: their counter just reached 0 in this transaction),
-- with the members' results as one JSON array in member order. A statement of its own, after the counter's: it runs
-- after the counter's row lock was granted, so it sees every member's committed result.
-- Feeding (as in workflow_succeeded_many.sql): immutable keeps, a call gets the array prepended to "args", others become it;
-- a job with a payload gets the array in workflow_input instead.
set nocount on;
declare @now datetime2(3) = sysutcdatetime();
declare @results table (group_id uniqueidentifier not null primary key, res nvarchar(max) not null);
insert into @results (group_id, res)
select m.group_id, concat('[', string_agg(coalesce(m.result, cast('null' as nvarchar(max))), ',') within group (order by m.group_index), ']')
from {schema}.job as m
where m.group_id in (select id from openjson(@group_ids) with (id uniqueidentifier '$'))
group by m.group_id;
declare @released table (queue nvarchar(200) not null);
update d
set state  = case when coalesce(d.countdown_ms, 0) > 0 then 'SCHEDULED' else 'PENDING' end,
    run_at = dateadd(millisecond, coalesce(d.countdown_ms, 0) % 1000, dateadd(second, coalesce(d.countdown_ms, 0) / 1000, @now)),
    workflow_input = case when d.payload is not null and d.immutable = 0 then r.res end,
    args   = case
                 when d.immutable = 1 or d.payload is not null then d.args
                 when left(ltrim(d.args), 1) <> '{' then r.res
                 when left(ltrim(coalesce(json_query(d.args, '$.args'), '')), 1) <> '[' then r.res
                 when exists (select 1 from openjson(case when left(ltrim(d.args), 1) = '{' then d.args else '{}' end) as m
                              where m.[key] not in (N'args', N'kwargs')) then r.res
                 else json_modify(d.args, '$.args', json_query(concat('[', r.res,
                     case when left(ltrim(stuff(ltrim(json_query(d.args, '$.args')), 1, 1, '')), 1) = ']' then '' else ',' end,
                     stuff(ltrim(json_query(d.args, '$.args')), 1, 1, ''))))
             end
output inserted.queue into @released
from @results as r
join {schema}.job as d on d.parent_group_id = r.group_id
where d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00';
select distinct queue from @released;
