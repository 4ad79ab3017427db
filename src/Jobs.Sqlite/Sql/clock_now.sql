-- The database clock as ISO 8601 UTC text.
select {now};
