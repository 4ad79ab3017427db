alter table job drop column trace_parent;
