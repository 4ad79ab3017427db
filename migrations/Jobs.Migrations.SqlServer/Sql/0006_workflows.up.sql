-- Workflows (canvas; README "Workflows"). A job that waits for another job or for a group is stored SCHEDULED with
-- run_at = 9999-12-31 (the claim never takes it, so no new state is needed) and is released (PENDING, run_at = now)
-- or failed in the same transaction as the outcome it waits for.
--   parent_id        the job whose outcome releases this one (success; for an errback, failure)
--   parent_group_id  the group whose last successful member releases this one (a chord callback, the step after a group)
--   root_id          the workflow's first job: revoking a workflow revokes its unfinished jobs with this root
--   group_id, group_index  membership of a group and the member's place (results are aggregated in this order)
--   immutable        released without taking the parent's result as its arguments (Celery's si())
--   errback          released when parent_id fails or is revoked (link_error); revoked when it succeeds
--   countdown_ms     a waiting job's countdown, counted from its release
alter table {schema}.job add
    group_index     int,
    parent_group_id uniqueidentifier,
    immutable       bit not null constraint job_immutable_default default 0,
    errback         bit not null constraint job_errback_default default 0,
    countdown_ms    bigint;

-- A group's counter: members that have not succeeded yet. Decremented under its row lock in the transaction that
-- records a member's success, so exactly one transaction sees it reach 0 and releases the waiting jobs.
create table {schema}.job_group (
    id         uniqueidentifier not null constraint job_group_pkey primary key,
    root_id    uniqueidentifier not null,
    size       int              not null constraint job_group_size_check check (size >= 1),
    remaining  int              not null constraint job_group_remaining_check check (remaining >= 0),
    created_at datetime2(3)     not null constraint job_group_created_at_default default sysutcdatetime()
);

GO

create index job_parent_group_idx on {schema}.job (parent_group_id) where parent_group_id is not null;
create index job_root_idx on {schema}.job (root_id) where root_id is not null;
-- The waiting jobs (the rescuer's sweep for dependents of jobs that ended outside a completion, e.g. expired).
create index job_waiting_idx on {schema}.job (parent_id, parent_group_id)
    where state = 'SCHEDULED' and run_at = '9999-12-31T00:00:00';
