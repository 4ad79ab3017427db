#!/usr/bin/env bash
# Runs the other-language clients' tests (clients/python: pytest; clients/node: node --test) against a PostgreSQL
# database and writes JUnit XML into the directory given as $1 (test.sh counts them in its summary line).
# The server: JOBS_TEST_POSTGRES when set (an Npgsql connection string, as for the .NET tests), else a throwaway
# cluster from the local binaries on a free port (initdb as the postgres user when root), stopped by its PID.
# Installs what is missing: Debian's python3-psycopg and python3-pytest, and clients/node's npm packages.
set -uo pipefail
cd "$(dirname "$0")/.."
results="${1:?usage: client-tests.sh RESULTS_DIR}"
mkdir -p "$results"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
PY=/usr/bin/python3

if ! $PY -c 'import psycopg, pytest' 2>/dev/null; then
  echo "installing python3-psycopg and python3-pytest" >&2
  $SUDO apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q python3-psycopg python3-pytest >&2 \
    || { echo "could not install python3-psycopg python3-pytest" >&2; exit 1; }
fi
if [ ! -d clients/node/node_modules/pg ]; then
  (cd clients/node && npm install --no-audit --no-fund --loglevel=error >&2) || { echo "npm install failed in clients/node" >&2; exit 1; }
fi

cluster="" pid=""
stop_cluster() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -INT "$pid" 2>/dev/null   # fast shutdown of the postmaster, by its PID
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  fi
  [ -n "$cluster" ] && rm -rf "$cluster"
}
trap stop_cluster EXIT

if [ -n "${JOBS_TEST_POSTGRES:-}" ]; then
  url="$($PY - <<'EOF'
import os, urllib.parse
kv = {}
for part in os.environ["JOBS_TEST_POSTGRES"].split(";"):
    if "=" in part:
        k, v = part.split("=", 1)
        kv[k.strip().lower().replace(" ", "")] = v.strip()
q = urllib.parse.quote
user = kv.get("username") or kv.get("userid") or kv.get("user") or "postgres"
password = kv.get("password")
auth = q(user, safe="") + (":" + q(password, safe="") if password else "")
print(f"postgresql://{auth}@{kv.get('host', '127.0.0.1')}:{kv.get('port', '5432')}/{q(kv.get('database', 'postgres'), safe='')}")
EOF
)"
else
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -x "$bin/initdb" ] || { echo "no PostgreSQL server binaries (apt-get install -y postgresql)" >&2; exit 1; }
  cluster="$(mktemp -d /tmp/jobs-clients-pg-XXXXXX)"
  port="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  as_pg=(); if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$cluster"; as_pg=(runuser -u postgres --); fi
  "${as_pg[@]}" "$bin/initdb" -D "$cluster/data" -U postgres -A trust -E UTF8 --no-sync >"$cluster/initdb.log" 2>&1 \
    || { cat "$cluster/initdb.log" >&2; exit 1; }
  "${as_pg[@]}" "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$cluster -c fsync=off -c synchronous_commit=off" start >&2 \
    || { cat "$cluster/server.log" >&2; exit 1; }
  pid="$(head -n 1 "$cluster/data/postmaster.pid")"
  url="postgresql://postgres@127.0.0.1:$port/postgres"
fi

export JOBS_TEST_DATABASE_URL="$url"
status=0
echo "== clients/python (pytest)" >&2
(cd clients/python && $PY -m pytest -q -p no:cacheprovider --junitxml="$results/clients-python.xml" tests >&2) || status=1
echo "== clients/node (node --test)" >&2
(cd clients/node && node --test --test-reporter=spec --test-reporter-destination=stderr \
  --test-reporter=junit --test-reporter-destination="$results/clients-node.xml" test/) || status=1
exit $status
