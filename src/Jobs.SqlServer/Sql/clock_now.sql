-- The database clock (UTC), for relative times the client must resolve itself (bulk copy, schedule slots).
select sysutcdatetime();
