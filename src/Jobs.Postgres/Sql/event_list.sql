select id, data::text from {schema}.event where id > @after order by id limit @limit;
