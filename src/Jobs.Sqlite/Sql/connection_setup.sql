-- Per connection: wait for another writer's lock instead of failing at once; WAL makes NORMAL sync safe.
pragma busy_timeout = {busy_timeout_ms};
pragma synchronous = normal;
