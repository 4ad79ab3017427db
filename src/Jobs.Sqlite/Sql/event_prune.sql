delete from event where at < {now_plus:-@older_ms};
