-- The job id defaults to a UUIDv7 (RFC 9562: Unix milliseconds, version 7, random bits; lower-case text as the .NET
-- store writes it), so `insert into job (task, args) values (...)` is a complete job (README "Other languages:
-- enqueue with SQL"). SQLite's ALTER TABLE cannot change a column's default, and rebuilding the table would cascade
-- the deletion of its attempt history; a default is not stored in the rows, so the table's definition is edited in
-- place, as SQLite documents for adding a default (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table
-- Schema Changes"). writable_schema = reset reloads this connection's schema; creating and dropping a table
-- advances the schema version, so every other connection reloads it before its next statement. The bulk insert pays
-- nothing: the default is evaluated only for rows without an id. Other processes' workers see the commit through
-- pragma data_version (SqliteChangeWatcher).
pragma writable_schema = on;
update sqlite_schema
set sql = replace(sql, 'id                   text    not null primary key,',
                       'id                   text    not null primary key default (lower(substr(printf(''%012x'', (cast(strftime(''%s'', ''now'') as integer) * 1000 + cast(substr(strftime(''%f'', ''now''), 4) as integer))), 1, 8) || ''-'' || substr(printf(''%012x'', (cast(strftime(''%s'', ''now'') as integer) * 1000 + cast(substr(strftime(''%f'', ''now''), 4) as integer))), 9, 4) || ''-7'' || substr(hex(randomblob(2)), 2, 3) || ''-'' || substr(''89ab'', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2, 3) || ''-'' || hex(randomblob(6)))),')
where type = 'table' and name = 'job';
pragma writable_schema = reset;
create table job_schema_change (x);
drop table job_schema_change;
