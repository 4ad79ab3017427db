-- Releases the jobs waiting for completed groups (@group_ids: their counter just reached 0 in this transaction),
-- with the members' results as one JSON array in member order. A statement of its own, after the counter's: its
-- snapshot is taken after the counter's row lock was granted, so it sees every member's committed result.
-- Feeding (as in workflow_succeeded_many.sql): immutable keeps, a call gets the array prepended to "args", others become it;
-- a job with a payload gets the array in workflow_input instead.
with results as (
    select m.group_id, jsonb_agg(coalesce(m.result, 'null'::jsonb) order by m.group_index) as res
    from {schema}.job m
    where m.group_id = any(@group_ids)
    group by m.group_id
), released as (
    update {schema}.job d
    set state  = case when coalesce(d.countdown_ms, 0) > 0 then 'SCHEDULED' else 'PENDING' end,
        run_at = now() + coalesce(d.countdown_ms, 0) * interval '1 millisecond',
        workflow_input = case when d.payload is not null and not d.immutable then r.res end,
        args   = case
                     when d.immutable or d.payload is not null then d.args
                     when jsonb_typeof(d.args -> 'args') is distinct from 'array' then r.res
                     when d.args - 'args' - 'kwargs' <> '{}'::jsonb then r.res
                     else jsonb_set(d.args, array['args'], jsonb_build_array(r.res) || (d.args -> 'args'))
                 end
    from results r
    where d.parent_group_id = r.group_id
      and d.state = 'SCHEDULED' and d.run_at = timestamptz '9999-12-31 00:00:00+00'
    returning d.queue
)
select distinct queue from released;
