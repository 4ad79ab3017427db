-- Stores a batch of events in one insert. The transaction-scoped lock (the batch runs in one implicit transaction)
-- makes inserts take ids and commit one batch at a time, so a follower reading id > its last never skips an id that
-- commits later.
select pg_advisory_xact_lock(@lock);
insert into {schema}.event (at, type, job_id, task, queue, worker, data)
select e.at, e.type, e.job_id, e.task, e.queue, e.worker, e.data::jsonb
from unnest(@at::timestamptz[], @type::text[], @job_id::uuid[], @task::text[], @queue::text[], @worker::text[],
            @data::text[]) with ordinality as e(at, type, job_id, task, queue, worker, data, n)
order by e.n;
