-- Deletes expired requests and their replies (and replies whose request is gone); returns how many requests.
set nocount on;
declare @gone table (id bigint not null primary key);
delete from {schema}.control output deleted.id into @gone where expires_at <= sysutcdatetime();
delete r from {schema}.control_reply as r
where r.request_id in (select id from @gone)
   or not exists (select 1 from {schema}.control as c where c.id = r.request_id);
select count(*) from @gone;
