drop view if exists report_queues;
drop view if exists report_runtime;
drop view if exists report_throughput;
drop table if exists control_reply;
drop table if exists control;
drop table if exists event;
drop view if exists worker_status;
drop table if exists worker;
