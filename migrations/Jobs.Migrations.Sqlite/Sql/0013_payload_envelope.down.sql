alter table job drop column workflow_input;
alter table job drop column result_signature;
alter table job drop column result_payload;
alter table job drop column signature;
alter table job drop column payload;
alter table job drop column content_encoding;
alter table job drop column content_type;
update job set args = '{}' where args is null;
pragma writable_schema = on;
update sqlite_schema
set sql = replace(sql, 'args                 text    default ''{}'' check (json_valid(args)),',
                       'args                 text    not null default ''{}'' check (json_valid(args)),')
where type = 'table' and name = 'job';
pragma writable_schema = reset;
create table job_schema_change (x);
drop table job_schema_change;
