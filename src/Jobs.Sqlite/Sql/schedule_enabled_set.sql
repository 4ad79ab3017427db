update schedule set enabled = @enabled, updated_at = {now} where name = @name;
