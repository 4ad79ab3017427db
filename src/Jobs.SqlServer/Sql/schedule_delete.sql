set nocount on;
delete from {schema}.schedule where name = @name;
select @@rowcount;
