-- For jobs now FAILURE or REVOKED (@ids): releases their waiting errbacks (fed, as in workflow_succeeded_many.sql,
-- with the failed job's id, task, state, error and traceback as one JSON object), fails the jobs waiting for them
-- ("ChainError: step ID failed: ...") and the jobs waiting for their groups, with the first failed member in member
-- order ("ChordError: member ID failed: ..."). Only waiting jobs change, so a callback that two failing members reach at once is failed
-- once (the second update finds it no longer waiting after the row lock). Returns the jobs failed ('failed', id),
-- for the next level, and the queues of the released errbacks ('errback', queue).
set nocount on;
declare @now datetime2(3) = sysutcdatetime();
declare @parents table (id uniqueidentifier not null primary key, state nvarchar(16) not null, error nvarchar(max),
                        group_id uniqueidentifier, group_index int, failure nvarchar(max) not null);
insert into @parents (id, state, error, group_id, group_index, failure)
select j.id, j.state, j.error, j.group_id, j.group_index,
       concat('{"id":"', lower(convert(nvarchar(36), j.id)), '","task":"', string_escape(j.task, 'json'),
              '","state":"', j.state, '","error":',
              case when j.error is null then 'null' else concat('"', string_escape(j.error, 'json'), '"') end,
              ',"traceback":',
              case when j.traceback is null then 'null' else concat('"', string_escape(j.traceback, 'json'), '"') end,
              '}')
from {schema}.job as j
where j.id in (select id from openjson(@ids) with (id uniqueidentifier '$')) and j.state in ('FAILURE', 'REVOKED');
declare @errbacks table (queue nvarchar(200) not null);
update d
set state  = case when coalesce(d.countdown_ms, 0) > 0 then 'SCHEDULED' else 'PENDING' end,
    run_at = dateadd(millisecond, coalesce(d.countdown_ms, 0) % 1000, dateadd(second, coalesce(d.countdown_ms, 0) / 1000, @now)),
    workflow_input = case when d.payload is not null and d.immutable = 0 then p.failure end,
    args   = case
                 when d.immutable = 1 or d.payload is not null then d.args
                 when left(ltrim(d.args), 1) <> '{' then p.failure
                 when left(ltrim(coalesce(json_query(d.args, '$.args'), '')), 1) <> '[' then p.failure
                 when exists (select 1 from openjson(case when left(ltrim(d.args), 1) = '{' then d.args else '{}' end) as m
                              where m.[key] not in (N'args', N'kwargs')) then p.failure
                 else json_modify(d.args, '$.args', json_query(concat('[', p.failure,
                     case when left(ltrim(stuff(ltrim(json_query(d.args, '$.args')), 1, 1, '')), 1) = ']' then '' else ',' end,
                     stuff(ltrim(json_query(d.args, '$.args')), 1, 1, ''))))
             end
output inserted.queue into @errbacks
from @parents as p
join {schema}.job as d on d.parent_id = p.id
where d.errback = 1 and d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00';
declare @failed table (id uniqueidentifier not null);
update d
set state       = 'FAILURE',
    error       = concat('ChainError: step ', lower(convert(nvarchar(36), p.id)),
                         case when p.state = 'REVOKED' then ' was revoked: ' else ' failed: ' end, coalesce(p.error, '')),
    run_at      = @now,
    finished_at = @now
output inserted.id into @failed
from @parents as p
join {schema}.job as d on d.parent_id = p.id
where d.errback = 0 and d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00';
with first_failed as (
    select group_id, id, state, error, row_number() over (partition by group_id order by group_index) as n
    from @parents
    where group_id is not null
)
update d
set state       = 'FAILURE',
    error       = concat('ChordError: member ', lower(convert(nvarchar(36), f.id)),
                         case when f.state = 'REVOKED' then ' was revoked: ' else ' failed: ' end, coalesce(f.error, '')),
    run_at      = @now,
    finished_at = @now
output inserted.id into @failed
from first_failed as f
join {schema}.job as d on d.parent_group_id = f.group_id
where f.n = 1 and d.state = 'SCHEDULED' and d.run_at = '9999-12-31T00:00:00';
select 'failed' as kind, id, cast(null as nvarchar(200)) as queue from @failed
union all
select distinct 'errback', null, queue from @errbacks;
