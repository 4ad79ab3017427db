drop table {schema}.queue;
