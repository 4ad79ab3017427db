-- Removes the job id default of 0012's up script (the same in-place edit, reversed).
pragma writable_schema = on;
update sqlite_schema
set sql = replace(sql, 'id                   text    not null primary key default (lower(substr(printf(''%012x'', (cast(strftime(''%s'', ''now'') as integer) * 1000 + cast(substr(strftime(''%f'', ''now''), 4) as integer))), 1, 8) || ''-'' || substr(printf(''%012x'', (cast(strftime(''%s'', ''now'') as integer) * 1000 + cast(substr(strftime(''%f'', ''now''), 4) as integer))), 9, 4) || ''-7'' || substr(hex(randomblob(2)), 2, 3) || ''-'' || substr(''89ab'', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2, 3) || ''-'' || hex(randomblob(6)))),',
                       'id                   text    not null primary key,')
where type = 'table' and name = 'job';
pragma writable_schema = reset;
create table job_schema_change (x);
drop table job_schema_change;
