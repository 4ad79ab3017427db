set nocount on;
update {schema}.schedule set enabled = @enabled, updated_at = sysutcdatetime() where name = @name;
select @@rowcount;
