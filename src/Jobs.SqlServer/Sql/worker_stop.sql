-- Marks a worker stopped now.
update {schema}.worker set stopped_at = sysutcdatetime() where name = @name and stopped_at is null;
