    select id from unnest(@ids::uuid[]) as id
