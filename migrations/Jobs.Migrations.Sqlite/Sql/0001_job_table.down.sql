drop table if exists job;
