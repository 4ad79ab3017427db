-- Queues paused and resumed at run time (README "Queues"). While paused_at is set, no worker claims the queue's jobs
-- (the claim statements read the paused names in the same statement); resuming clears it and wakes the workers.
create table {schema}.queue (
    name       nvarchar(200) not null constraint queue_pkey primary key,
    paused_at  datetime2(3),
    updated_at datetime2(3)  not null constraint queue_updated_at_default default sysutcdatetime()
);
