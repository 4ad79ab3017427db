-- Resumes a paused queue; returns its name when it was paused (the store then wakes the workers as an enqueue does).
update {schema}.queue
set paused_at = null, updated_at = sysutcdatetime()
output inserted.name
where name = @name and paused_at is not null;
