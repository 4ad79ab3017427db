#!/usr/bin/env bash
# When JOBS_TEST_POSTGRES names a server, checks that it can take the connections the tests hold at once
# (tests/Jobs.Testing/ConnectionBudget.cs: Required) and explains what to do when it cannot. Used by test.sh.
# Needs psql; without it the tests make the same check themselves. Exit 1 only when the server is short.
set -uo pipefail
required=80 # keep in step with ConnectionBudget.Required
[ -n "${JOBS_TEST_POSTGRES:-}" ] || exit 0
command -v psql >/dev/null || exit 0

# The Npgsql connection string (Key=Value;...) as libpq environment variables.
while IFS='=' read -r key value; do
  case "$(echo "$key" | tr -d ' ' | tr '[:upper:]' '[:lower:]')" in
    host|server) export PGHOST="$value" ;;
    port) export PGPORT="$value" ;;
    username|userid|user) export PGUSER="$value" ;;
    password|pwd) export PGPASSWORD="$value" ;;
    database|db) export PGDATABASE="$value" ;;
  esac
done < <(echo "$JOBS_TEST_POSTGRES" | tr ';' '\n')

row="$(PGCONNECT_TIMEOUT=10 psql -XAtq -F ' ' -c "select current_setting('max_connections')::int,
  case when (select rolsuper from pg_roles where rolname = current_user) then 0
       else current_setting('superuser_reserved_connections')::int end,
  (select count(*) from pg_stat_activity where backend_type = 'client backend')" 2>&1)" || {
  echo "could not query the JOBS_TEST_POSTGRES server: $row" >&2
  exit 0 # the tests report an unreachable server themselves
}
read -r max reserved open <<<"$row"
free=$((max - reserved - open))
if [ "$free" -lt "$required" ]; then
  cat >&2 <<MSG
The JOBS_TEST_POSTGRES server has $free free connections (max_connections $max, $reserved reserved for superusers,
$open open, this check's included), but the tests hold up to $required at once (see tests/Jobs.Testing/ConnectionBudget.cs)
and would fail with 53300 "sorry, too many clients already". Raise max_connections (PostgreSQL's default, 100, is
enough for a server the tests have to themselves), close the server's other clients, or unset JOBS_TEST_POSTGRES
to let the tests start a throwaway server.
MSG
  exit 1
fi
echo "JOBS_TEST_POSTGRES server: $free free connections of max_connections $max (the tests need $required)" >&2
exit 0
