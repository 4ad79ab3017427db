-- Workflows (canvas): the same contract as PostgreSQL's (see Postgres/0006_workflows.up.sql). A waiting job is
-- SCHEDULED with run_at '9999-12-31T00:00:00.000Z' and is released or failed in the transaction of the outcome it waits for.
alter table job add column group_index integer;
alter table job add column parent_group_id text;
alter table job add column immutable integer not null default 0 check (immutable in (0, 1));
alter table job add column errback integer not null default 0 check (errback in (0, 1));
alter table job add column countdown_ms integer;

create table job_group (
    id         text    not null primary key,
    root_id    text    not null,
    size       integer not null check (size >= 1),
    remaining  integer not null check (remaining >= 0),
    created_at text    not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index job_parent_group_idx on job (parent_group_id) where parent_group_id is not null;
create index job_root_idx on job (root_id) where root_id is not null;
create index job_waiting_idx on job (parent_id, parent_group_id)
    where state = 'SCHEDULED' and run_at = '9999-12-31T00:00:00.000Z';
