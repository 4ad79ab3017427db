-- The payload envelope (README "Payloads: codecs and compression"). A plain JSON job keeps its row as before (args in
-- args, content_type the default, the other columns null); any other job keeps its arguments' exact bytes in payload
-- and args is null. ALTER COLUMN refuses a column under a check or default constraint, so both are re-created around it
-- (isjson of a null is null: the check passes a null args).
alter table {schema}.job drop constraint job_args_json_check;
alter table {schema}.job drop constraint job_args_default;
alter table {schema}.job alter column args nvarchar(max) null;
alter table {schema}.job add constraint job_args_default default '{}' for args;
alter table {schema}.job add constraint job_args_json_check check (isjson(N'[' + args + N']') = 1);
alter table {schema}.job add content_type nvarchar(100) not null constraint job_content_type_default default 'application/json';
alter table {schema}.job add content_encoding nvarchar(100);
alter table {schema}.job add payload varbinary(max);
alter table {schema}.job add signature nvarchar(max);
alter table {schema}.job add result_payload varbinary(max);
alter table {schema}.job add result_signature nvarchar(max);
-- What a workflow step with a payload is fed by its parent or group (the release statements leave its payload alone).
alter table {schema}.job add workflow_input nvarchar(max) constraint job_workflow_input_json_check check (isjson(N'[' + workflow_input + N']') = 1);
