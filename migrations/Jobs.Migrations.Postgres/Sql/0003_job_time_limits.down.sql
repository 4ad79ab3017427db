alter table {schema}.job drop column if exists soft_time_limit_ms, drop column if exists time_limit_ms;
