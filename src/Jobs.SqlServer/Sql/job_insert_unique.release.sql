-- Unique jobs, step 1 of 3 (with job_insert_many.sql and job_insert_unique.holder.sql, sent as one batch inside the
-- transaction Core opens for a unique enqueue): the row holding @unique_key gives it up when it no longer blocks
-- duplicates, i.e. its state is not one of its unique_states (a JSON array) or its unique_until has passed. The row
-- lock serializes racers: a racer that waited finds the key already cleared and changes nothing.
update {schema}.job with (rowlock)
set unique_key = null
where unique_key = @unique_key
  and (unique_until <= sysutcdatetime()
       or not exists (select 1 from openjson(unique_states) with (s nvarchar(16) '$') as us where us.s = state));
