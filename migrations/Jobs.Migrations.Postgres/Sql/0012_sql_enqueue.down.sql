drop function {schema}.result(uuid);
drop function {schema}.enqueue_many(jsonb);
drop function {schema}.enqueue(text, jsonb, text, integer, interval, timestamptz, interval, timestamptz, integer, interval, interval,
                               interval, text[], interval, interval, text, uuid);
drop function {schema}.enqueue_requests({schema}.enqueue_request[], text);
drop type {schema}.enqueue_request;
drop trigger job_notify_inserted on {schema}.job;
drop function {schema}.job_notify_inserted();
alter table {schema}.job alter column id drop default;
drop function {schema}.uuid_v7();
