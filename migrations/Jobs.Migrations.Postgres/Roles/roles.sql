-- Least-privilege roles for one Jobs schema (README "Least-privilege deployment"; `jobs migrate roles`,
-- JobsMigrator.CreateRoles). Three group roles (NOLOGIN), made when missing; run it again at any time: every statement
-- is idempotent. Run it as the login that runs the migrations (the schema's owner), after `jobs migrate up`.
--   {client}  enqueues (single, bulk COPY, unique, workflows, the SQL functions of migration 12) and reads results
--   {worker}  runs jobs: reads and writes the rows of every table (claim, finish, heartbeat, leases, rescue, beat,
--             limits, events, control), executes the schema's functions; no DDL, no TRUNCATE
--   {admin}   what the console and the dashboard do (JobAdmin: retry, revoke, purge, queues, schedules, limits,
--             control, reports); no DDL, no TRUNCATE
-- None of them owns anything: only the owner can create, alter or drop the tables, so none can migrate.
-- Tokens: {schema} the quoted schema, {schema_name} its name as a literal, {client} {worker} {admin} the quoted role
-- names, {client_name} {worker_name} {admin_name} as literals, {client_logins} {worker_logins} {admin_logins} text[]
-- literals of existing roles (logins) to grant each group role to.

do $jobs_roles$
declare
    r text;
begin
    foreach r in array array[{client_name}, {worker_name}, {admin_name}]::text[] loop
        if not exists (select from pg_roles where rolname = r) then
            begin
                execute format('create role %I nologin', r);
            exception when duplicate_object then
                null; -- another session made it meanwhile
            end;
        end if;
    end loop;
end;
$jobs_roles$;

grant usage on schema {schema} to {client}, {worker}, {admin};

-- Every table, now: the worker and the admin read and write rows; views are read only (an updatable view would write
-- with its owner's rights); the migrations' own version table is read only, so only the owner records migrations.
do $jobs_roles$
declare
    t record;
begin
    for t in select c.relname, c.relkind from pg_class c
             join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = {schema_name} and c.relkind in ('r', 'p', 'v', 'm')
             order by c.relname loop
        if t.relkind in ('r', 'p') and t.relname <> 'version_info' then
            execute format('grant select, insert, update, delete on %I.%I to %I, %I', {schema_name}, t.relname, {worker_name}, {admin_name});
        else
            execute format('revoke insert, update, delete, truncate on %I.%I from %I, %I', {schema_name}, t.relname, {worker_name}, {admin_name});
            execute format('grant select on %I.%I to %I, %I', {schema_name}, t.relname, {worker_name}, {admin_name});
        end if;
    end loop;
end;
$jobs_roles$;

-- The identity sequences of event and control (ids), and any a later migration adds.
grant usage, select on all sequences in schema {schema} to {worker}, {admin};
grant execute on all functions in schema {schema} to {worker}, {admin};

-- Tables, sequences and functions that later migrations create (as the login running this script) are covered the
-- same way; running this script again after `jobs migrate up` also tidies views and the client's grants.
alter default privileges in schema {schema} grant select, insert, update, delete on tables to {worker}, {admin};
alter default privileges in schema {schema} grant usage, select on sequences to {worker}, {admin};
alter default privileges in schema {schema} grant execute on functions to {worker}, {admin};

-- The client. Enqueue inserts jobs (JobClient: insert ... on conflict do nothing returning queue; COPY for bulk),
-- workflow group counters and, with Monitoring.SendTaskSentEvents, task-sent events (an identity column takes its
-- next id without a grant on its sequence). A unique enqueue takes the key over from a holder that no longer blocks
-- duplicates: it may update unique_key alone, no other column. Results are read from job and job_attempt
-- (AsyncResult: state, result, attempts, parent and children).
grant select, insert on {schema}.job to {client};
grant update (unique_key) on {schema}.job to {client};
grant select, insert on {schema}.job_group to {client};
grant select on {schema}.job_attempt to {client};
grant insert on {schema}.event to {client};
-- The job_count triggers (migration 11) run with the rights of whoever changes job rows: taking over a finished
-- holder's unique key appends a delta and now and then folds the deltas into the totals.
grant select, insert, update, delete on {schema}.job_count, {schema}.job_count_delta to {client};
-- Enqueue from SQL (migration 12); uuid_v7 is also the id column's default. Every signature of these names, so a
-- migration that changes one's arguments needs no change here.
do $jobs_roles$
declare
    f regprocedure;
begin
    for f in select p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             where n.nspname = {schema_name} and p.proname in ('uuid_v7', 'enqueue_requests', 'enqueue', 'enqueue_many', 'result')
             order by 1 loop
        execute format('grant execute on function %s to %I', f, {client_name});
    end loop;
end;
$jobs_roles$;

-- Logins (or other roles) given a group role: `jobs migrate roles --worker-login NAME`. Each must exist.
do $jobs_roles$
declare
    g record;
    l text;
begin
    for g in select * from (values ({client_name}, {client_logins}::text[]), ({worker_name}, {worker_logins}::text[]),
                                   ({admin_name}, {admin_logins}::text[])) as v(role, logins) loop
        foreach l in array g.logins loop
            if not pg_has_role(l, g.role, 'member') then
                execute format('grant %I to %I', g.role, l);
            end if;
        end loop;
    end loop;
end;
$jobs_roles$;
