-- Enqueue from any language (README "Other languages: enqueue with SQL"): a UUIDv7 id default, so that
-- `insert into jobs.job (task, args) values (...)` is a complete job; a trigger that wakes the workers when such a row
-- commits; and enqueue, enqueue_many and result functions that validate as the .NET client does.

-- A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, version 7, then the sub-millisecond fraction in the 12 bits of
-- rand_a (RFC 9562 method 3, as PostgreSQL 18's uuidv7()), the variant and 62 random bits of gen_random_uuid(). Ids
-- sort in the order they were made, to the microsecond of clock_timestamp(), among themselves and with the .NET
-- client's (whose ids count within a millisecond instead).
create function {schema}.uuid_v7() returns uuid language sql volatile parallel safe as $$
    select encode(overlay(uuid_send(gen_random_uuid())
                          placing substring(int8send(t.us / 1000) from 3)
                                  || int2send((28672 + (t.us % 1000) * 4096 / 1000)::smallint)
                          from 1 for 8), 'hex')::uuid
    from (select (extract(epoch from clock_timestamp()) * 1000000)::bigint as us) as t;
$$;

alter table {schema}.job alter column id set default {schema}.uuid_v7();

-- Wakes the idle workers of a queue when a row inserted by SQL commits: the notification the .NET store sends
-- (channel "<schema>.jobs_available", payload the queue name). A NOTIFY in a transaction is delivered at its commit,
-- never on rollback, and identical ones are folded, so a transaction notifies each of its queues once, whatever its
-- number of rows. The .NET store notifies for its own inserts after they commit (outside the transaction, see
-- PostgresNotifier), so its connections set jobs.notify_inserts = off: a row trigger whose condition is false is not
-- called, which keeps its COPY bulk insert as fast as without this trigger.
create function {schema}.job_notify_inserted() returns trigger language plpgsql as $$
begin
    perform pg_notify(tg_table_schema || '.jobs_available', new.queue);
    return null;
end;
$$;

create trigger job_notify_inserted after insert on {schema}.job
    for each row when (current_setting('jobs.notify_inserts', true) is distinct from 'off'
                       and new.state in ('PENDING', 'SCHEDULED', 'RETRY'))
    execute function {schema}.job_notify_inserted();

-- One job to enqueue: the arguments of enqueue(), the fields of an enqueue_many() element.
create type {schema}.enqueue_request as (
    task              text,
    args              jsonb,
    queue             text,
    priority          integer,
    countdown         interval,
    eta               timestamptz,
    expires           interval,
    expires_at        timestamptz,
    max_retries       integer,
    retry_backoff     interval,
    retry_backoff_max interval,
    retry_countdown   interval,
    retry_for         text[],
    soft_time_limit   interval,
    time_limit        interval,
    trace_parent      text,
    id                uuid
);

-- Checks and inserts the jobs in one statement; returns their ids in the order given. The checks and their messages
-- are the .NET client's (JobClient): a bad request raises invalid_parameter_value (22023) and nothing is inserted.
-- Null stands for the default of args ('{}'), queue ('default'), priority (0) and max_retries (3); the retry backoff
-- defaults to 1 s doubling up to 10 min (JobsOptions' defaults). Times relative to now (countdown, expires) count
-- from statement_timestamp(), as the .NET store's do. A job given an id that exists already is not inserted again (a
-- retried enqueue is idempotent); its id is returned all the same.
create function {schema}.enqueue_requests(requests {schema}.enqueue_request[], what text) returns setof uuid
language plpgsql volatile as $$
declare
    r       {schema}.enqueue_request;
    n       integer := coalesce(array_length(requests, 1), 0);
    pre     text;
    subject text;
    made    uuid[];
    ids     uuid[] := '{}';
    k       integer := 0;
    soft_ms numeric;
    hard_ms numeric;
begin
    for i in 1 .. n loop
        r := requests[i];
        r.args := coalesce(r.args, '{}');
        r.queue := coalesce(r.queue, 'default');
        r.priority := coalesce(r.priority, 0);
        r.max_retries := coalesce(r.max_retries, 3);
        requests[i] := r;
        pre := case when what = 'enqueue' then '' else format('%s element %s: ', what, i - 1) end;
        if r.task is null or btrim(r.task) = '' then
            raise exception '%A task name is required.', pre using errcode = 'invalid_parameter_value';
        end if;
        subject := format('task %L', r.task);
        if length(r.task) > 200 then
            raise exception '%Task name % is longer than 200 characters.', pre, quote_literal(left(r.task, 40) || '...')
                using errcode = 'invalid_parameter_value';
        end if;
        if btrim(r.queue) = '' then
            raise exception '%Queue for % must not be empty.', pre, subject using errcode = 'invalid_parameter_value';
        end if;
        if r.priority not between -32768 and 32767 then
            raise exception '%Priority for % must be between -32768 and 32767 (was %).', pre, subject, r.priority
                using errcode = 'invalid_parameter_value';
        end if;
        if r.countdown < interval '0' then
            raise exception '%Countdown for % must not be negative (was %).', pre, subject, r.countdown
                using errcode = 'invalid_parameter_value';
        end if;
        if r.countdown is not null and r.eta is not null then
            raise exception '%Give either countdown or eta for %, not both.', pre, subject using errcode = 'invalid_parameter_value';
        end if;
        if r.expires <= interval '0' then
            raise exception '%Expires for % must be positive (was %).', pre, subject, r.expires using errcode = 'invalid_parameter_value';
        end if;
        if r.expires is not null and r.expires_at is not null then
            raise exception '%Give either expires or expires_at for %, not both.', pre, subject using errcode = 'invalid_parameter_value';
        end if;
        if r.max_retries < 0 or r.max_retries >= 2147483647 then
            raise exception '%max_retries of % must not be negative (was %).', pre, subject, r.max_retries
                using errcode = 'invalid_parameter_value';
        end if;
        if r.retry_backoff < interval '0' or r.retry_backoff_max < interval '0' or r.retry_countdown < interval '0' then
            raise exception '%Retry delays of % must not be negative.', pre, subject using errcode = 'invalid_parameter_value';
        end if;
        if r.retry_countdown is not null and (r.retry_backoff is not null or r.retry_backoff_max is not null) then
            raise exception '%Give either retry_countdown or retry_backoff/retry_backoff_max for %, not both.', pre, subject
                using errcode = 'invalid_parameter_value';
        end if;
        if exists (select from unnest(r.retry_for) as name where name is null or btrim(name) = '') then
            raise exception '%retry_for of % must not hold empty names.', pre, subject using errcode = 'invalid_parameter_value';
        end if;
        soft_ms := extract(epoch from r.soft_time_limit) * 1000;
        hard_ms := extract(epoch from r.time_limit) * 1000;
        if soft_ms <= 0 or soft_ms > 2147483647 then
            raise exception '%soft_time_limit for % must be positive and at most 2147483647 ms (was %).', pre, subject, r.soft_time_limit
                using errcode = 'invalid_parameter_value';
        end if;
        if hard_ms <= 0 or hard_ms > 2147483647 then
            raise exception '%time_limit for % must be positive and at most 2147483647 ms (was %).', pre, subject, r.time_limit
                using errcode = 'invalid_parameter_value';
        end if;
        if soft_ms >= hard_ms then
            raise exception '%soft_time_limit (%) for % must be less than time_limit (%).', pre, r.soft_time_limit, subject, r.time_limit
                using errcode = 'invalid_parameter_value';
        end if;
    end loop;

    -- New ids in the order given: made at once, sorted, handed out in turn.
    select array_agg(u order by u) into made
    from (select {schema}.uuid_v7() as u from generate_series(1, n) as s(pos) where (requests[pos]).id is null) as g;
    for i in 1 .. n loop
        if (requests[i]).id is null then
            k := k + 1;
            ids := ids || made[k];
        else
            ids := ids || (requests[i]).id;
        end if;
    end loop;

    insert into {schema}.job (id, task, queue, priority, state, args, run_at, expires_at, max_attempts, retry_backoff_ms,
                              retry_backoff_max_ms, soft_time_limit_ms, time_limit_ms, retry_for, trace_parent)
    select t.job_id, t.task, t.queue, t.priority,
           case when t.at > statement_timestamp() then 'SCHEDULED' else 'PENDING' end,
           t.args, t.at, coalesce(t.expires_at, statement_timestamp() + t.expires),
           t.max_retries + 1,
           least(2147483647, floor(extract(epoch from coalesce(t.retry_countdown, t.retry_backoff, interval '1 second')) * 1000)),
           least(2147483647, floor(extract(epoch from coalesce(t.retry_countdown, t.retry_backoff_max, interval '10 minutes')) * 1000)),
           case when t.soft_time_limit is not null then greatest(1, ceil(extract(epoch from t.soft_time_limit) * 1000)) end,
           case when t.time_limit is not null then greatest(1, ceil(extract(epoch from t.time_limit) * 1000)) end,
           t.retry_for, t.trace_parent
    from (select q.*, x.job_id, coalesce(q.eta, statement_timestamp() + coalesce(q.countdown, interval '0')) as at
          from unnest(requests) with ordinality as q
          join unnest(ids) with ordinality as x(job_id, o) on x.o = q.ordinality) as t
    on conflict (id) do nothing;

    return query select u from unnest(ids) as u;
end;
$$;

-- Enqueues one job and returns its id. Named arguments (queue => 'mail') leave the others at their defaults.
create function {schema}.enqueue(
    task              text,
    args              jsonb       default '{}',
    queue             text        default 'default',
    priority          integer     default 0,
    countdown         interval    default null,
    eta               timestamptz default null,
    expires           interval    default null,
    expires_at        timestamptz default null,
    max_retries       integer     default 3,
    retry_backoff     interval    default null,
    retry_backoff_max interval    default null,
    retry_countdown   interval    default null,
    retry_for         text[]      default null,
    soft_time_limit   interval    default null,
    time_limit        interval    default null,
    trace_parent      text        default null,
    id                uuid        default null
) returns uuid language sql volatile as $$
    select {schema}.enqueue_requests(
        array[row($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)::{schema}.enqueue_request], 'enqueue');
$$;

-- Enqueues the jobs of a JSON array of objects whose fields are enqueue()'s arguments (intervals as PostgreSQL
-- interval text such as '5 minutes' or '00:00:05', or as numbers of seconds; times as ISO 8601 text) in one
-- statement; returns their ids in the array's order. Unknown fields are refused, so a misspelt option is not dropped.
create function {schema}.enqueue_many(requests jsonb) returns setof uuid language plpgsql volatile as $$
declare
    base {schema}.enqueue_request := row(null, null, null, null, null, null, null, null, null, null, null, null, null,
                                         null, null, null, null);
    bad  text;
begin
    if requests is null or jsonb_typeof(requests) <> 'array' then
        raise exception 'enqueue_many takes a JSON array of objects (was %).', coalesce(jsonb_typeof(requests), 'null')
            using errcode = 'invalid_parameter_value';
    end if;
    select format('element %s is %s, not an object', a.o - 1, jsonb_typeof(a.e)) into bad
    from jsonb_array_elements(requests) with ordinality as a(e, o)
    where jsonb_typeof(a.e) <> 'object'
    order by a.o limit 1;
    if bad is null then
        select format('element %s has the unknown field "%s"', a.o - 1, f.name) into bad
        from jsonb_array_elements(requests) with ordinality as a(e, o), jsonb_object_keys(a.e) as f(name)
        where not to_jsonb(base) ? f.name
        order by a.o limit 1;
    end if;
    if bad is not null then
        raise exception 'enqueue_many: %.', bad using errcode = 'invalid_parameter_value';
    end if;
    return query select {schema}.enqueue_requests(array(
        select jsonb_populate_record(base, a.e) from jsonb_array_elements(requests) with ordinality as a(e, o) order by a.o),
        'enqueue_many');
end;
$$;

-- A job's outcome; no row when the id is unknown (never enqueued, or pruned once its result expired). ready: the job
-- has ended (SUCCESS, FAILURE or REVOKED); result: the task's return value as JSON (SUCCESS); error: 'Type: message'
-- (FAILURE) or the reason (REVOKED: 'expired', a revoke's reason).
create function {schema}.result(job_id uuid)
returns table (state text, ready boolean, result jsonb, error text, traceback text, attempt integer,
               created_at timestamptz, started_at timestamptz, finished_at timestamptz)
language sql stable as $$
    select j.state, j.state in ('SUCCESS', 'FAILURE', 'REVOKED'), j.result, j.error, j.traceback, j.attempt,
           j.created_at, j.started_at, j.finished_at
    from {schema}.job j
    where j.id = job_id;
$$;
