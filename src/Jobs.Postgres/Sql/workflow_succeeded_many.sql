-- For jobs just recorded SUCCESS in this transaction (@ids; each success is given here exactly once): releases the
-- jobs waiting for them (arguments: see "Feeding" below; run at once or after their countdown), revokes
-- their waiting errbacks, and decrements their groups' counters. The group rows are locked in id order first, so
-- concurrent completions take turns on a group (the later one sees the earlier one's decrement) and cannot deadlock.
-- Returns the errbacks revoked ('revoked', id), the groups whose counter reached 0 ('group', id) and the queues of
-- the released jobs ('released', queue).
-- Feeding (as Core's CallJson.Feed): an immutable job keeps its arguments; a call (an object of an array "args", an
-- optional "kwargs" and nothing else) gets the result prepended to "args"; other arguments become the result. A job
-- with a payload (README "Payloads: codecs and compression") keeps its bytes: it gets the result in workflow_input,
-- and the worker feeds it after opening the payload.
with parents as (
    select id, result
    from {schema}.job
    where id = any(@ids) and state = 'SUCCESS'
), released as (
    update {schema}.job d
    set state  = case when coalesce(d.countdown_ms, 0) > 0 then 'SCHEDULED' else 'PENDING' end,
        run_at = now() + coalesce(d.countdown_ms, 0) * interval '1 millisecond',
        workflow_input = case when d.payload is not null and not d.immutable then coalesce(p.result, 'null'::jsonb) end,
        args   = case
                     when d.immutable or d.payload is not null then d.args
                     when jsonb_typeof(d.args -> 'args') is distinct from 'array' then coalesce(p.result, 'null'::jsonb)
                     when d.args - 'args' - 'kwargs' <> '{}'::jsonb then coalesce(p.result, 'null'::jsonb)
                     else jsonb_set(d.args, array['args'], jsonb_build_array(coalesce(p.result, 'null'::jsonb)) || (d.args -> 'args'))
                 end
    from parents p
    where d.parent_id = p.id and not d.errback
      and d.state = 'SCHEDULED' and d.run_at = timestamptz '9999-12-31 00:00:00+00'
    returning d.queue
), skipped as (
    update {schema}.job d
    set state       = 'REVOKED',
        error       = 'link_error not called: job ' || p.id || ' succeeded',
        run_at      = now(),
        finished_at = now()
    from parents p
    where d.parent_id = p.id and d.errback
      and d.state = 'SCHEDULED' and d.run_at = timestamptz '9999-12-31 00:00:00+00'
    returning d.id
), members as (
    select j.group_id, count(*)::int as n
    from {schema}.job j
    where j.id = any(@ids) and j.state = 'SUCCESS' and j.group_id is not null
    group by j.group_id
), locked as materialized (
    select g.id
    from {schema}.job_group g
    join members m on m.group_id = g.id
    order by g.id
    for update of g
), counted as (
    update {schema}.job_group g
    set remaining = g.remaining - m.n
    from members m
    join locked l on l.id = m.group_id
    where g.id = m.group_id
    returning g.id, g.remaining
)
select 'revoked' as kind, id, null::text as queue from skipped
union all
select 'group', id, null from counted where remaining = 0
union all
select distinct 'released', null::uuid, queue from released;
