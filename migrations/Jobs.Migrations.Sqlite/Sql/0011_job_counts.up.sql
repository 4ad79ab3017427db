-- Counts of finished jobs per queue and state (see PostgreSQL's 0011), so that counting jobs reads a few rows
-- instead of the whole table; the waiting and running states are counted from their partial indexes. SQLite has
-- one writer at a time, so row triggers update the totals directly: no worker waits on another for a counter.
create table job_count (
    queue text    not null,
    state text    not null,
    n     integer not null,
    primary key (queue, state)
) without rowid;

insert into job_count (queue, state, n)
select queue, state, count(*) from job where state in ('SUCCESS', 'FAILURE', 'REVOKED') group by queue, state;

create trigger job_count_insert after insert on job
when new.state in ('SUCCESS', 'FAILURE', 'REVOKED')
begin
    insert into job_count (queue, state, n) values (new.queue, new.state, 1)
    on conflict (queue, state) do update set n = n + 1;
end;

-- Claims and retries change the state too; only a change into, out of or between finished states (or of the
-- queue of a finished job) runs the body.
create trigger job_count_update after update of state, queue on job
when (old.state in ('SUCCESS', 'FAILURE', 'REVOKED') or new.state in ('SUCCESS', 'FAILURE', 'REVOKED'))
 and (old.state <> new.state or old.queue <> new.queue)
begin
    update job_count set n = n - 1
    where queue = old.queue and state = old.state and old.state in ('SUCCESS', 'FAILURE', 'REVOKED');
    insert into job_count (queue, state, n)
    select new.queue, new.state, 1 where new.state in ('SUCCESS', 'FAILURE', 'REVOKED')
    on conflict (queue, state) do update set n = n + 1;
end;

create trigger job_count_delete after delete on job
when old.state in ('SUCCESS', 'FAILURE', 'REVOKED')
begin
    update job_count set n = n - 1 where queue = old.queue and state = old.state;
end;
