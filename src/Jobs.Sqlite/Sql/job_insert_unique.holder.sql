-- Unique jobs, step 3 of 3: the job holding @unique_key after the insert, the new one or the counting one.
select id from job where unique_key = @unique_key;
