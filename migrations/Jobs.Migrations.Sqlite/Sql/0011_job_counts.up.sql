-- Counts of finished jobs per queue and state (see PostgreSQL's 0011), so that counting jobs reads a few rows
-- instead of the whole table; the waiting and running states are counted from their partial indexes. SQLite has
-- one writer at a time, so row triggers update the totals directly: no worker waits on another for a counter.
--
-- Written for the hot path (bench/ADMIN.md): a claim changes the state of every row it takes, so the update
-- trigger's condition is tested per claimed row and must be cheap. Explicit comparisons, not IN lists: with
-- "old.state in (...) or new.state in (...)" SQLite built a temporary table per row and a claim took 6 times as
-- long. The jobs store inserts no job already finished, so there is no insert trigger (a row trigger's condition
-- alone costs a bulk enqueue about 6 %); a row inserted finished by hand is counted once the counts are rebuilt
-- (README "Tables").
create table job_count (
    queue text    not null,
    state text    not null,
    n     integer not null,
    primary key (queue, state)
) without rowid;

insert into job_count (queue, state, n)
select queue, state, count(*) from job where state in ('SUCCESS', 'FAILURE', 'REVOKED') group by queue, state;

-- Into, out of or between finished states, or a finished job moved to another queue.
create trigger job_count_update after update of state, queue on job
when (old.state = 'SUCCESS' or old.state = 'FAILURE' or old.state = 'REVOKED'
      or new.state = 'SUCCESS' or new.state = 'FAILURE' or new.state = 'REVOKED')
 and (old.state <> new.state or old.queue <> new.queue)
begin
    -- job_count holds finished states only: for a job that was not finished this finds no row.
    update job_count set n = n - 1 where queue = old.queue and state = old.state;
    insert into job_count (queue, state, n)
    select new.queue, new.state, 1 where new.state = 'SUCCESS' or new.state = 'FAILURE' or new.state = 'REVOKED'
    on conflict (queue, state) do update set n = n + 1;
end;

create trigger job_count_delete after delete on job
when old.state = 'SUCCESS' or old.state = 'FAILURE' or old.state = 'REVOKED'
begin
    update job_count set n = n - 1 where queue = old.queue and state = old.state;
end;

-- Failed and revoked jobs newest first (JobAdmin search by state FAILURE or REVOKED, retry of failed jobs): a few
-- percent of the rows, in id order, written only when a job fails or is revoked. A query uses it only when it
-- states its condition (job_list.failed.sql).
create index job_failed_idx on job (id) where state in ('FAILURE', 'REVOKED');
