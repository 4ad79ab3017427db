-- Deletes expired requests with their replies, and replies whose request is gone; returns how many requests.
with gone as (
    delete from {schema}.control where expires_at <= now() returning id
), replies as (
    delete from {schema}.control_reply r
    where r.request_id in (select id from gone)
       or not exists (select 1 from {schema}.control c where c.id = r.request_id)
)
select count(*) from gone;
