alter table {schema}.job drop column if exists trace_parent;
