drop table if exists {schema}.job;
