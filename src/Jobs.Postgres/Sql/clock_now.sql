-- The database clock, read once per COPY batch so relative times (countdown, expires) use it, not the client's.
-- statement_timestamp(), not now(): inside a caller's long transaction now() is when that transaction began.
select statement_timestamp();
