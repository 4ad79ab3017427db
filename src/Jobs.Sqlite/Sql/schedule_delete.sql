delete from schedule where name = @name;
