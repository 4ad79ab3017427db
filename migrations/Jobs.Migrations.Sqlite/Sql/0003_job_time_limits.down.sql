alter table job drop column soft_time_limit_ms;
alter table job drop column time_limit_ms;
