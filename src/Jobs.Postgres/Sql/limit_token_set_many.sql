-- Writes the buckets back after a limited claim: their level and the time it was computed for.
update {schema}.job_limit l
set tokens = t.tokens, refilled_at = greatest(l.refilled_at, @now)
from unnest(@scopes::text[], @names::text[], @tokens::float8[]) as t(scope, name, tokens)
where l.scope = t.scope and l.name = t.name;
