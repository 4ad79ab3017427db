drop table queue;
