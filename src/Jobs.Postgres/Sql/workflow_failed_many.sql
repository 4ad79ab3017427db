-- For jobs now FAILURE or REVOKED (@ids): releases their waiting errbacks (fed, as in workflow_succeeded_many.sql,
-- with the failed job's id, task, state, error and traceback as one object), fails the jobs waiting for them ("ChainError: step ID failed: ...")
-- and the jobs waiting for their groups, with the first failed member in member order ("ChordError: member ID
-- failed: ..."). Only waiting jobs change, so a callback that two failing members reach at once is failed once (the
-- second update finds it no longer waiting after the row lock). Returns the jobs failed ('failed', id), for the next level, and the queues of
-- the released errbacks ('errback', queue).
with parents as (
    select id, state, error, group_id, group_index,
           jsonb_build_object('id', id, 'task', task, 'state', state, 'error', error, 'traceback', traceback) as failure
    from {schema}.job
    where id = any(@ids) and state in ('FAILURE', 'REVOKED')
), errbacks as (
    update {schema}.job d
    set state  = case when coalesce(d.countdown_ms, 0) > 0 then 'SCHEDULED' else 'PENDING' end,
        run_at = now() + coalesce(d.countdown_ms, 0) * interval '1 millisecond',
        workflow_input = case when d.payload is not null and not d.immutable then p.failure end,
        args   = case
                     when d.immutable or d.payload is not null then d.args
                     when jsonb_typeof(d.args -> 'args') is distinct from 'array' then p.failure
                     when d.args - 'args' - 'kwargs' <> '{}'::jsonb then p.failure
                     else jsonb_set(d.args, array['args'], jsonb_build_array(p.failure) || (d.args -> 'args'))
                 end
    from parents p
    where d.parent_id = p.id and d.errback
      and d.state = 'SCHEDULED' and d.run_at = timestamptz '9999-12-31 00:00:00+00'
    returning d.queue
), chained as (
    update {schema}.job d
    set state       = 'FAILURE',
        error       = 'ChainError: step ' || p.id || case when p.state = 'REVOKED' then ' was revoked: ' else ' failed: ' end || coalesce(p.error, ''),
        run_at      = now(),
        finished_at = now()
    from parents p
    where d.parent_id = p.id and not d.errback
      and d.state = 'SCHEDULED' and d.run_at = timestamptz '9999-12-31 00:00:00+00'
    returning d.id
), first_failed as (
    select distinct on (group_id) group_id, id, state, error
    from parents
    where group_id is not null
    order by group_id, group_index
), chorded as (
    update {schema}.job d
    set state       = 'FAILURE',
        error       = 'ChordError: member ' || f.id || case when f.state = 'REVOKED' then ' was revoked: ' else ' failed: ' end || coalesce(f.error, ''),
        run_at      = now(),
        finished_at = now()
    from first_failed f
    where d.parent_group_id = f.group_id
      and d.state = 'SCHEDULED' and d.run_at = timestamptz '9999-12-31 00:00:00+00'
    returning d.id
), failed as (
    select id from chained union all select id from chorded
)
select 'failed' as kind, id, null::text as queue from failed
union all
select distinct 'errback', null::uuid, queue from errbacks;
