drop table if exists schedule;
