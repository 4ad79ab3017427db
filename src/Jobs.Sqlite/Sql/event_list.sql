select id, data from event where id > @after order by id limit @limit;
