#!/usr/bin/env bash
# Shared by celery-redis and celery-postgres: Debian's Celery, Redis and PostgreSQL client libraries for /usr/bin/python3.
# Idempotent; exit 3 (peer unavailable) with the reason on stderr when they cannot be installed.
set -u
PY=/usr/bin/python3
have() { [ -x "$PY" ] && "$PY" -c "import celery, kombu, redis, sqlalchemy, psycopg2" >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1; }
have && exit 0
if ! command -v apt-get >/dev/null 2>&1; then echo "celery peer: apt-get not available to install python3-celery" >&2; exit 3; fi
if [ "$(id -u)" != 0 ]; then echo "celery peer: need root to apt-get install python3-celery redis-server" >&2; exit 3; fi
pkgs="python3-celery redis-server python3-redis python3-sqlalchemy python3-psycopg2"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y $pkgs 1>&2; then
  apt-get update 1>&2 && apt-get install -y $pkgs 1>&2 || { echo "celery peer: apt-get install $pkgs failed" >&2; exit 3; }
fi
have || { echo "celery peer: packages installed but /usr/bin/python3 cannot import celery/redis/sqlalchemy/psycopg2" >&2; exit 3; }
exit 0
