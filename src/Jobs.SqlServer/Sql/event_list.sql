-- Events after @after, by id, at most @limit.
select top (@limit) id, data from {schema}.event where id > @after order by id;
