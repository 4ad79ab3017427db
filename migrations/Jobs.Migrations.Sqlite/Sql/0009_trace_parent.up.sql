-- The W3C trace context (traceparent, optionally followed by tracestate) the job was enqueued under; null: none.
alter table job add column trace_parent text;
