    -- The limited claim's rows: already locked (UPDLOCK) and chosen by limit_candidate_list.sql in this transaction.
    select j.*
    from {schema}.job as j with (updlock, rowlock)
    where j.id in (select id from openjson(@ids) with (id uniqueidentifier '$'))
