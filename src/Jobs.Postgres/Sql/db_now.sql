-- The database clock, read once per COPY batch so relative times (countdown, expires) use it, not the client's.
select now();
