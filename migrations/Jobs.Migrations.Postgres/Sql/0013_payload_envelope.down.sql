alter table {schema}.job drop column if exists workflow_input;
alter table {schema}.job drop column if exists result_signature;
alter table {schema}.job drop column if exists result_payload;
alter table {schema}.job drop column if exists signature;
alter table {schema}.job drop column if exists payload;
alter table {schema}.job drop column if exists content_encoding;
alter table {schema}.job drop column if exists content_type;
update {schema}.job set args = '{}' where args is null;
alter table {schema}.job alter column args set not null;
