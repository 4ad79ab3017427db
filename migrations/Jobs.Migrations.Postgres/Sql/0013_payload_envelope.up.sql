-- The payload envelope (README "Payloads: codecs and compression"). A plain JSON job keeps its row as before (args in
-- args, content_type the default, the other columns null); any other job keeps its arguments' exact bytes in payload
-- and args is null. Results likewise: result_payload when the result is not plain JSON or is signed.
alter table {schema}.job alter column args drop not null;
alter table {schema}.job add column content_type text not null default 'application/json';
alter table {schema}.job add column content_encoding text;
alter table {schema}.job add column payload bytea;
alter table {schema}.job add column signature text;
alter table {schema}.job add column result_payload bytea;
alter table {schema}.job add column result_signature text;
-- What a workflow step with a payload is fed by its parent or group (the release statements leave its payload alone).
alter table {schema}.job add column workflow_input jsonb;
