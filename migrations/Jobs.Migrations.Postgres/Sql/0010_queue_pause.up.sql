-- Queues paused and resumed at run time (README "Queues"). While paused_at is set, no worker claims the queue's jobs
-- (the claim statements read the paused names once per statement); resuming clears it and wakes the workers.
create table {schema}.queue (
    name       text        primary key,
    paused_at  timestamptz,
    updated_at timestamptz not null default now()
);
