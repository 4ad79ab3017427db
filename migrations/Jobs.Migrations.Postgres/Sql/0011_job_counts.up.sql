-- Counts of finished jobs per queue and state (README "Tables"), so that counting jobs (JobAdmin.CountJobsAsync,
-- jobs queues) reads a few rows instead of the whole table. The waiting and running states need no help: their
-- partial indexes hold only the live rows (job_count_by_queue.sql counts them there). Finished rows are most of a
-- big table, so triggers keep their counts.
--
-- A counter row per queue and state updated by every finish would serialise the workers of a queue on it, so the
-- statement triggers only append one row per (queue, state) a statement changed to job_count_delta (no index, no
-- lock anyone waits for), and now and then (one in 32 of the statements that append, one folder at a time,
-- read-committed transactions only) fold the appended rows into job_count. A reader sums both: exact in its
-- snapshot, whether or not the deltas are folded yet.
create table {schema}.job_count (
    queue text   not null,
    state text   not null,
    n     bigint not null,
    primary key (queue, state)
);

create table {schema}.job_count_delta (
    queue text   not null,
    state text   not null,
    n     bigint not null
);

-- Moves the appended deltas into the totals. Safe to call at any time, from any number of sessions at once (a
-- delta row is deleted once; the totals are upserted in key order).
create function {schema}.job_count_fold() returns void language sql as $$
    with moved as (
        delete from {schema}.job_count_delta returning queue, state, n
    ), summed as (
        select queue, state, sum(n)::bigint as n from moved group by queue, state
    )
    insert into {schema}.job_count as c (queue, state, n)
    select queue, state, n from summed order by queue, state
    on conflict (queue, state) do update set n = c.n + excluded.n;
$$;

-- Recounts the finished jobs from the table (a full scan): for repair after rows were changed with triggers
-- disabled (session_replication_role = replica, ALTER TABLE ... DISABLE TRIGGER).
create function {schema}.job_count_rebuild() returns void language sql as $$
    lock table {schema}.job in share mode;
    delete from {schema}.job_count_delta;
    delete from {schema}.job_count;
    insert into {schema}.job_count (queue, state, n)
    select queue, state, count(*) from {schema}.job where state in ('SUCCESS', 'FAILURE', 'REVOKED') group by queue, state;
$$;

-- Folds unless another session is folding or the transaction could not see the latest deltas (a repeatable-read
-- transaction could fail to delete a row another folder deleted first). The triggers call it for one in 32 of the
-- statements that append deltas, so the deltas stay a few dozen rows.
create function {schema}.job_count_fold_now_and_then() returns void language plpgsql as $$
begin
    if current_setting('transaction_isolation') = 'read committed'
       and pg_try_advisory_xact_lock(hashtextextended('jobs.job_count_fold:{schema}', 0)) then
        perform {schema}.job_count_fold();
    end if;
end;
$$;

create function {schema}.job_count_on_insert() returns trigger language plpgsql as $$
begin
    insert into {schema}.job_count_delta (queue, state, n) values (new.queue, new.state, 1);
    if random() < 1.0 / 32 then perform {schema}.job_count_fold_now_and_then(); end if;
    return null;
end;
$$;

-- Most updates (claims, lease extensions, retries) touch no finished row: two existence tests end those early,
-- about half the cost of running the aggregate over nothing (see bench/ADMIN.md).
create function {schema}.job_count_on_update() returns trigger language plpgsql as $$
begin
    if exists (select from new_rows where state in ('SUCCESS', 'FAILURE', 'REVOKED'))
       or exists (select from old_rows where state in ('SUCCESS', 'FAILURE', 'REVOKED')) then
        insert into {schema}.job_count_delta (queue, state, n)
        select queue, state, sum(n)
        from (select queue, state, 1 as n from new_rows where state in ('SUCCESS', 'FAILURE', 'REVOKED')
              union all
              select queue, state, -1 from old_rows where state in ('SUCCESS', 'FAILURE', 'REVOKED')) d
        group by queue, state
        having sum(n) <> 0;
        if random() < 1.0 / 32 then perform {schema}.job_count_fold_now_and_then(); end if;
    end if;
    return null;
end;
$$;

create function {schema}.job_count_on_delete() returns trigger language plpgsql as $$
begin
    if exists (select from old_rows where state in ('SUCCESS', 'FAILURE', 'REVOKED')) then
        insert into {schema}.job_count_delta (queue, state, n)
        select queue, state, -count(*) from old_rows where state in ('SUCCESS', 'FAILURE', 'REVOKED') group by queue, state;
        if random() < 1.0 / 32 then perform {schema}.job_count_fold_now_and_then(); end if;
    end if;
    return null;
end;
$$;

create function {schema}.job_count_on_truncate() returns trigger language plpgsql as $$
begin
    delete from {schema}.job_count_delta;
    delete from {schema}.job_count;
    return null;
end;
$$;

-- Enqueues insert waiting jobs: a row trigger whose condition is false costs no call. Updates and deletes come in
-- batches: one call per statement, over its transition tables.
create trigger job_count_insert after insert on {schema}.job
    for each row when (new.state in ('SUCCESS', 'FAILURE', 'REVOKED')) execute function {schema}.job_count_on_insert();
create trigger job_count_update after update on {schema}.job
    referencing old table as old_rows new table as new_rows
    for each statement execute function {schema}.job_count_on_update();
create trigger job_count_delete after delete on {schema}.job
    referencing old table as old_rows
    for each statement execute function {schema}.job_count_on_delete();
create trigger job_count_truncate after truncate on {schema}.job
    for each statement execute function {schema}.job_count_on_truncate();

insert into {schema}.job_count (queue, state, n)
select queue, state, count(*) from {schema}.job where state in ('SUCCESS', 'FAILURE', 'REVOKED') group by queue, state;

-- Failed and revoked jobs newest first (JobAdmin search by state FAILURE or REVOKED, retry of failed jobs): a few
-- percent of the rows, in id order, written only when a job fails or is revoked.
create index job_failed_idx on {schema}.job (id) where state in ('FAILURE', 'REVOKED');
