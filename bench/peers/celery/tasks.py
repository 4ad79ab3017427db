# Celery app for the benchmark peers (celery-redis, celery-postgres). Broker and result backend come from the
# environment (BROKER, BACKEND); tuning from CELERY_PREFETCH and CELERY_POLL (virtual-transport polling interval).
import os
import time

from celery import Celery

broker = os.environ.get("BROKER", "redis://127.0.0.1:6379/0")
backend = os.environ.get("BACKEND", "redis://127.0.0.1:6379/1")
app = Celery("bench", broker=broker, backend=backend)
transport_options = {}
if broker.startswith("sqla+"):
    # kombu's SQLAlchemy transport polls the message table; its default interval is 1 s. kombu 5.2 hands every
    # broker_transport_option to create_engine(), so "polling_interval" cannot go there: set it on the transport class.
    import kombu.transport.sqlalchemy as _sqla
    _sqla.Transport.polling_interval = float(os.environ.get("CELERY_POLL", "0.05"))

app.conf.update(
    task_serializer="json", result_serializer="json", accept_content=["json"],
    worker_prefetch_multiplier=int(os.environ.get("CELERY_PREFETCH", "64")),
    task_acks_late=False,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
)


@app.task(name="noop")
def noop(job):
    """The standard no-op job: args {"i": int, "enqueued_at": unix ms}; records its start time."""
    return {"i": job["i"], "started": time.time()}


@app.task(name="lat")
def lat(job):
    """Latency job: delay = handler start - enqueue time (time.time() on both sides, same host clock)."""
    started = time.time()
    return {"i": job["i"], "delay_ms": (started - job["enqueued_ts"]) * 1000.0}
