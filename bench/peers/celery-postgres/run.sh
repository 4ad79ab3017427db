#!/usr/bin/env bash
# Celery with PostgreSQL as broker (kombu SQLAlchemy transport, sqla+postgresql://) and result backend
# (celery database backend, db+postgresql://) on the database given in PGURL.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
PY=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1
"$HERE/install.sh" || exit $?
: "${PGURL:?PGURL is required}"
url="postgresql://${PGURL#*://}"
# Enqueue through kombu's SQL transport runs at a few hundred jobs/s: cap E1/E8 at 5,000 (README allows it for peers
# that drain below 2,000 jobs/s); D is capped at 20,000 by bench.py.
BENCH_SYSTEM=celery-postgres BROKER="sqla+$url" BACKEND="db+$url" CELERY_CAP_E="${CELERY_CAP_E:-5000}" \
  CELERY_L_PRODUCERS="${CELERY_L_PRODUCERS:-4}" exec "$PY" "$HERE/../celery/bench.py"
