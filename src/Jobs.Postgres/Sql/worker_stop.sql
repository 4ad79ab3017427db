update {schema}.worker set stopped_at = now() where name = @name and stopped_at is null;
