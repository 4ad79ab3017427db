#!/usr/bin/env bash
# Installs the PostgreSQL server binaries with apt-get when no PostgreSQL is reachable otherwise
# (JOBS_TEST_POSTGRES unset, no Docker, no initdb). Used by test.sh and .ci/run.
set -uo pipefail
have_pg_binaries() { compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null; }
if [ -z "${JOBS_TEST_POSTGRES:-}" ] && [ ! -S /var/run/docker.sock ] && ! have_pg_binaries; then
  echo "PostgreSQL server binaries are missing: installing the postgresql package" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q postgresql >&2 \
    || { echo "could not install postgresql" >&2; exit 1; }
fi
exit 0
