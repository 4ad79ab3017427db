#!/usr/bin/env bash
# Celery with Redis as broker and result backend. Starts its own redis-server on a free port (default persistence
# settings, data dir in a temp folder) and stops it by PID on exit, also on failure.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
PY=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1
"$HERE/install.sh" || exit $?
tmp=$(mktemp -d /tmp/celery-redis.XXXXXX)
redis_pid=""
cleanup() {
  if [ -n "$redis_pid" ] && kill -0 "$redis_pid" 2>/dev/null; then
    kill -TERM "$redis_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$redis_pid" 2>/dev/null && kill -KILL "$redis_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
py_pid=""
on_sig() { [ -n "$py_pid" ] && kill -TERM "$py_pid" 2>/dev/null && wait "$py_pid"; exit "$1"; }
trap 'on_sig 130' INT
trap 'on_sig 143' TERM
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
redis-server --port "$port" --bind 127.0.0.1 --dir "$tmp" --daemonize no --protected-mode yes --loglevel warning \
  --logfile "$tmp/redis.log" >&2 &
redis_pid=$!
for _ in $(seq 100); do
  "$PY" -c "import redis,sys; redis.Redis(port=$port).ping()" 2>/dev/null && break
  kill -0 "$redis_pid" 2>/dev/null || { echo "redis-server failed to start" >&2; cat "$tmp/redis.log" >&2; exit 1; }
  sleep 0.1
done
echo "redis-server pid $redis_pid on port $port" >&2
BENCH_SYSTEM=celery-redis BROKER="redis://127.0.0.1:$port/0" BACKEND="redis://127.0.0.1:$port/1" \
  "$PY" "$HERE/../celery/bench.py" &
py_pid=$!
wait "$py_pid"
rc=$?
exit $rc
