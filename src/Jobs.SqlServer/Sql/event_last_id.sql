select coalesce(max(id), cast(0 as bigint)) from {schema}.event;
