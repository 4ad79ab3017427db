-- The payload envelope (README "Payloads: codecs and compression"). A plain JSON job keeps its row as before (args in
-- args, content_type the default, the other columns null); any other job keeps its arguments' exact bytes in payload
-- and args is null. SQLite cannot drop a NOT NULL with ALTER TABLE and rebuilding the table would cascade the
-- deletion of its attempt history, so the constraint is removed from the table's definition in place, which SQLite
-- documents as safe for removing NOT NULL (sqlite.org/lang_altertable.html; see 0012_sql_enqueue.up.sql).
-- json_valid(null) is null, so the check passes a null args.
pragma writable_schema = on;
update sqlite_schema
set sql = replace(sql, 'args                 text    not null default ''{}'' check (json_valid(args)),',
                       'args                 text    default ''{}'' check (json_valid(args)),')
where type = 'table' and name = 'job';
pragma writable_schema = reset;
create table job_schema_change (x);
drop table job_schema_change;
alter table job add column content_type text not null default 'application/json';
alter table job add column content_encoding text;
alter table job add column payload blob;
alter table job add column signature text;
alter table job add column result_payload blob;
alter table job add column result_signature text;
-- What a workflow step with a payload is fed by its parent or group (JSON text; the release statements leave its payload alone).
alter table job add column workflow_input text;
