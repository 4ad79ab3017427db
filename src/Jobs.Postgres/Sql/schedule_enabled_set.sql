update {schema}.schedule set enabled = @enabled, updated_at = statement_timestamp() where name = @name;
