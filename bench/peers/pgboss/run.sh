#!/usr/bin/env bash
# pg-boss peer: runs the scenarios in BENCH_SCENARIOS against PGURL; JSON lines on stdout, logs on stderr.
set -euo pipefail
cd "$(dirname "$0")"
./install.sh >&2
exec node pgboss.mjs
