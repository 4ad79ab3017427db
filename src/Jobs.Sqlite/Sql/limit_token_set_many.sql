-- Writes one bucket back after a limited claim: its level and the time it was computed for.
update job_limit
set tokens = @tokens, refilled_at = max(refilled_at, @now)
where scope = @scope and name = @name;
