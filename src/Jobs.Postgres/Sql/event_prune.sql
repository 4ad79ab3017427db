delete from {schema}.event where at < now() - @older_ms * interval '1 millisecond';
