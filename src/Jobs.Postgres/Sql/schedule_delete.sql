delete from {schema}.schedule where name = @name;
