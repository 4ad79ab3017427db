#!/usr/bin/env bash
# Builds the solution and runs every test project. Installs the PostgreSQL server binaries with apt-get when
# no PostgreSQL is reachable otherwise (JOBS_TEST_POSTGRES unset, no Docker), and Debian's chromium for the dashboard's
# browser tests and the sqlite3 shell when they are missing, then the Python and Node clients' tests (scripts/client-tests.sh). Last line: N passed, N failed[, N skipped].
set -uo pipefail
cd "$(dirname "$0")"

./scripts/ensure-postgres.sh || { echo "0 passed, 1 failed"; exit 1; }
./scripts/check-postgres-budget.sh || { echo "0 passed, 1 failed"; exit 1; }
./scripts/ensure-chromium.sh || { echo "0 passed, 1 failed"; exit 1; }
./scripts/ensure-sqlite3.sh || { echo "0 passed, 1 failed"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! dotnet build Jobs.sln -c Release -nologo -v q; then
  echo "build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

results="$(pwd)/TestResults"
rm -rf "$results"
passed=0 failed=0 skipped=0 status=0
for project in tests/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  echo "== $name" >&2
  dotnet test "$project" -c Release --no-build --nologo \
    --blame-hang-timeout 15m \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=1
  trx="$results/$name.trx"
  counters="$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null || true)"
  if [ -z "$counters" ]; then
    echo "$name produced no results (crashed?)" >&2
    failed=$((failed + 1)); status=1; continue
  fi
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(get failed); e=$(get error); x=$(get timeout); t=$(get total); ex=$(get executed)
  passed=$((passed + p)); failed=$((failed + f + e + x)); skipped=$((skipped + t - ex))
done

# The other languages' clients (Python, Node), against PostgreSQL; their JUnit XML counts like a test project's.
echo "== clients" >&2
./scripts/client-tests.sh "$results" || status=1
junit=()
for f in "$results/clients-python.xml" "$results/clients-node.xml"; do
  if [ -s "$f" ]; then junit+=("$f"); else echo "$(basename "$f") is missing (the client tests did not run)" >&2; failed=$((failed + 1)); status=1; fi
done
if [ "${#junit[@]}" -gt 0 ]; then
  read -r p f x < <(python3 scripts/junit-counts.py "${junit[@]}")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + x))
fi

[ "$failed" -gt 0 ] && status=1
# The failed tests by name, just above the summary (CI keeps the end of the log).
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | grep -o 'testName="[^"]*"' \
    | sed 's/^testName="\(.*\)"$/failed: \1/' >&2
done
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
exit $status
