-- Unique jobs, step 1 of 3 (then job_insert_many.sql and job_insert_unique.holder.sql, in the same BEGIN IMMEDIATE transaction, so no
-- other writer can come between): the row holding @unique_key gives it up when it no longer blocks duplicates,
-- i.e. its state is not one of its unique_states or its unique_until has passed.
update job
set unique_key = null
where unique_key = @unique_key
  and (unique_until <= {now} or state not in (select value from json_each(job.unique_states)));
