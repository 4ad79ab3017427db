-- Unique jobs, step 1 of 3 (with job_insert_many.sql and job_insert_unique.holder.sql, sent as one batch, each statement on a fresh
-- snapshot): the row holding @unique_key gives it up when it no longer blocks duplicates, i.e. its state is not
-- one of its unique_states or its unique_until has passed. The row lock serializes racers: a racer that waited
-- finds the key already cleared and changes nothing.
update {schema}.job
set unique_key = null
where unique_key = @unique_key
  and (unique_until <= statement_timestamp() or not (state = any(unique_states)))
