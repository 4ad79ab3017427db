-- Unique jobs, step 3 of 3: the job holding @unique_key after the insert (the new job, or the counting one that
-- made the insert skip it; the insert's key-range lock waited for its transaction, so this read sees it).
select id from {schema}.job where unique_key = @unique_key;
