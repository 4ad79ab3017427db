-- For jobs just recorded SUCCESS in this transaction (@ids; each success is given here exactly once): releases the
-- jobs waiting for them (arguments: see "Feeding" below; run at once or after their countdown), revokes
-- their waiting errbacks, and decrements their groups' counters. The group rows are updated in id order (the
-- members are keyed by group id and drive a nested-loop join), so concurrent completions take turns on a group (the
-- later one sees the earlier one's decrement) and cannot deadlock.
-- Returns the errbacks revoked ('revoked', id), the groups whose counter reached 0 ('group', id) and the queues of
-- the released jobs ('released', queue).
-- Feeding (as Core's CallJson.Feed): an immutable job keeps its arguments; a call (an object of an array "args", an
-- optional "kwargs" and nothing else) gets the result prepended to "args"; other arguments become the result. A job
-- with a payload (README "Payloads: codecs and compression") keeps its bytes and gets the result in workflow_input.
set nocount on;
declare @now datetime2(3) = sysutcdatetime();
declare @parents table (id uniqueidentifier not null primary key, result nvarchar(max), group_id uniqueidentifier);
insert into @parents (id, result, group_id)
select j.id, j.result, j.group_id
from {schema}.job as j
where j.id in (select id from openjson(@ids) with (id uniqueidentifier '$')) and j.state = 'SUCCESS';
declare @released table (queue nvarchar(200) not null);
update d
set state  = case when coalesce(d.countdown_ms, 0) > 0 then 'SCHEDULED' else 'PENDING' end,
    run_at = dateadd(millisecond, coalesce(d.countdown_ms, 0) % 1000, dateadd(second, coalesce(d.countdown_ms, 0) / 1000, @now)),
    workflow_input = case when d.payload is not null and d.immutable = 0 then coalesce(p.result, 'null') end,
    args   = case
                 when d.immutable = 1 or d.payload is not null then d.args
                 when left(ltrim(d.args), 1) <> '{' then coalesce(p.result, 'null')
                 when left(ltrim(coalesce(json_query(d.args, '$.args'), '')), 1) <> '[' then coalesce(p.result, 'null')
                 when exists (select 1 from openjson(case when left(ltrim(d.args), 1) = '{' then d.args else '{}' end) as m
                              where m.[key] not in (N'args', N'kwargs')) then coalesce(p.result, 'null')
                 else json_modify(d.args, '$.args', json_query(concat('[', coalesce(p.result, 'null'),
                     case when left(ltrim(stuff(ltrim(json_query(d.args, '$.args')), 1, 1, '')), 1) = ']' then '' else ',' end,
                     stuff(ltrim(json_query(d.args, '$.args')), 1, 1, ''))))
             end
output inserted.queue into @released
from @parents as p
join {schema}.job as d on d.parent_id = p.id
where d.errback = 0 and d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00';
declare @skipped table (id uniqueidentifier not null);
update d
set state       = 'REVOKED',
    error       = concat('link_error not called: job ', lower(convert(nvarchar(36), p.id)), ' succeeded'),
    run_at      = @now,
    finished_at = @now
output inserted.id into @skipped
from @parents as p
join {schema}.job as d on d.parent_id = p.id
where d.errback = 1 and d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00';
declare @members table (group_id uniqueidentifier not null primary key, n int not null);
insert into @members (group_id, n)
select group_id, count(*) from @parents where group_id is not null group by group_id;
declare @counted table (id uniqueidentifier not null, remaining int not null);
update g
set remaining = g.remaining - m.n
output inserted.id, inserted.remaining into @counted
from @members as m
join {schema}.job_group as g with (rowlock) on g.id = m.group_id
option (force order, loop join);
select 'revoked' as kind, id, cast(null as nvarchar(200)) as queue from @skipped
union all
select 'group', id, null from @counted where remaining = 0
union all
select distinct 'released', null, queue from @released;
