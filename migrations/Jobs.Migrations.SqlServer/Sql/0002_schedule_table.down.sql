drop table if exists {schema}.schedule;
