-- Queues paused and resumed at run time (README "Queues"). While paused_at is set, no worker claims the queue's jobs;
-- resuming clears it and wakes the workers. Times are ISO 8601 UTC text, as in the other tables.
create table queue (
    name       text not null primary key,
    paused_at  text,
    updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
