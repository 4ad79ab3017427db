drop view if exists {schema}.report_queues;
drop view if exists {schema}.report_runtime;
drop view if exists {schema}.report_throughput;
drop table if exists {schema}.control_reply;
drop table if exists {schema}.control;
drop table if exists {schema}.event;
drop view if exists {schema}.worker_status;
drop table if exists {schema}.worker;
