-- The W3C trace context (traceparent, optionally followed by tracestate) the job was enqueued under; null: none.
alter table {schema}.job add trace_parent nvarchar(1000);
