#!/usr/bin/python3
# Celery peer on the standard workload (bench/peers/README.md contract), shared by celery-redis and celery-postgres.
# stdout: one JSON line per result; logs and worker output go to stderr.
# Environment: BENCH_SYSTEM (celery-redis | celery-postgres), BROKER, BACKEND, BENCH_* sizes, and optional tuning:
#   CELERY_CONCURRENCY (4), CELERY_POOL (prefork), CELERY_PREFETCH (64), CELERY_POLL (sqla polling interval, 0.05 s),
#   CELERY_PRODUCERS (8 enqueue processes for E8 and the D prefill), CELERY_L_PRODUCERS (1), CELERY_S_PRODUCERS (4),
#   CELERY_CAP_E (cap for E1/E8, unset = none), CELERY_CAP_D (20000), BENCH_S_WINDOW (5000).
import atexit
import json
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def env_int(name, default):
    v = os.environ.get(name)
    try:
        return int(v) if v not in (None, "") else default
    except ValueError:
        return default


def log(msg):
    print(f"[{os.environ.get('BENCH_SYSTEM', 'celery')} {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def make_job(i, ts):
    return {"i": i, "enqueued_at": int(ts * 1000)}


def enqueue_child(k, nprocs, n, barrier):
    """Spawned producer process: connect, wait for the common start, enqueue jobs k, k+nprocs, ... one at a time."""
    sys.stdout = sys.stderr
    from tasks import app, noop
    with app.producer_pool.acquire(block=True) as prod:
        prod.connection.ensure_connection(max_retries=3)
    barrier.wait()
    for i in range(k, n, nprocs):
        noop.apply_async((make_job(i, time.time()),))


def main():
    out = sys.stdout
    sys.stdout = sys.stderr  # keep everything but the JSON results off stdout

    import celery
    import kombu
    from tasks import app, noop, lat, broker, backend

    system = os.environ.get("BENCH_SYSTEM", "celery")
    scenarios = [s.strip() for s in os.environ.get("BENCH_SCENARIOS", "E1,E8,EB,D,L,S").split(",") if s.strip()]
    conc = env_int("CELERY_CONCURRENCY", 4)
    pool = os.environ.get("CELERY_POOL", "prefork")
    prefetch = env_int("CELERY_PREFETCH", 64)
    nprod = env_int("CELERY_PRODUCERS", 8)
    cap_e = env_int("CELERY_CAP_E", 0)
    cap_d = env_int("CELERY_CAP_D", 20000)
    is_redis = broker.startswith("redis")

    # ---- stores: broker queue purge, completion counting (results stored with status SUCCESS) ----
    if is_redis:
        import redis
        rb_broker = redis.Redis.from_url(broker)
        rb = redis.Redis.from_url(backend)
        info = rb.info()
        cfg = rb.config_get("*")
        store_desc = {"redis_server": info.get("redis_version"), "redis_save": cfg.get("save"),
                      "redis_appendonly": cfg.get("appendonly"),
                      "durability": "Redis default persistence (RDB snapshots, no AOF/fsync): results are in memory, not fsynced"}
        version = (f"celery {celery.__version__} (kombu {kombu.__version__}, redis-py {redis.__version__}, "
                   f"redis-server {info.get('redis_version')})")
        eng = None
    else:
        import sqlalchemy as sa
        import psycopg2
        import kombu.transport.sqlalchemy
        eng = sa.create_engine(backend[3:], pool_size=2, max_overflow=2)
        with eng.connect() as c:
            pgv = c.execute(sa.text("show server_version")).scalar()
        store_desc = {"broker_transport": "kombu sqlalchemy (sqla+postgresql)", "result_backend": "celery database backend (db+postgresql)",
                      "polling_interval_s": kombu.transport.sqlalchemy.Transport.polling_interval,
                      "durability": "PostgreSQL default (fsync on, synchronous_commit on)"}
        version = (f"celery {celery.__version__} (kombu {kombu.__version__}, SQLAlchemy {sa.__version__}, "
                   f"psycopg2 {psycopg2.__version__.split()[0]}, PostgreSQL {pgv})")

    def completed():
        if is_redis:
            return rb.dbsize()  # one key per stored result (celery-task-meta-<id>); no other keys in this db
        try:
            with eng.connect() as c:
                return c.execute(sa.text("select count(*) from celery_taskmeta where status = 'SUCCESS'")).scalar()
        except Exception:
            return 0

    def success_exact():
        if not is_redis:
            return completed()
        n = 0
        keys = []
        for k in rb.scan_iter(match="celery-task-meta-*", count=1000):
            keys.append(k)
            if len(keys) >= 1000:
                n += sum(1 for v in rb.mget(keys) if v and json.loads(v).get("status") == "SUCCESS")
                keys = []
        if keys:
            n += sum(1 for v in rb.mget(keys) if v and json.loads(v).get("status") == "SUCCESS")
        return n

    def purge():
        if is_redis:
            rb_broker.flushdb()
            rb.flushdb()
            return
        try:
            app.control.purge()
        except Exception as e:
            log(f"purge: {e}")
        for stmt in ("delete from kombu_message", "delete from celery_taskmeta", "delete from celery_tasksetmeta"):
            try:
                with eng.begin() as c:
                    c.execute(sa.text(stmt))
            except Exception:
                pass

    def prepare():
        """Create broker and result tables once, before several processes could race to create them."""
        noop.apply_async((make_job(-1, time.time()),))  # broker connection, queue declaration (kombu tables)
        if not is_redis:
            app.backend.ResultSession().close()  # celery_taskmeta / celery_tasksetmeta
        purge()

    def report(scen, value, unit, settings):
        out.write(json.dumps({"system": system, "version": version, "scenario": scen,
                              "value": None if value is None else round(value, 2), "unit": unit,
                              "settings": settings}) + "\n")
        out.flush()

    def base_settings():
        s = {"pool": pool, "concurrency": conc, "prefetch_multiplier": prefetch, "acks_late": False,
             "serializer": "json", "results_stored": True}
        s.update(store_desc)
        return s

    # ---- worker processes: started by PID in their own process group, stopped by PID ----
    workers = []

    def start_worker():
        p = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tasks", "worker", "-c", str(conc), "-P", pool,
             "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"bench{os.getpid()}-{len(workers)}@%h"],
            cwd=HERE, stdin=subprocess.DEVNULL, stdout=sys.stderr.fileno(), stderr=sys.stderr.fileno(),
            start_new_session=True)
        workers.append(p)
        log(f"worker pid {p.pid} started (pool {pool}, concurrency {conc})")
        return p

    def stop_worker(p, timeout=15):
        if p.poll() is None:
            p.terminate()  # warm shutdown
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                log(f"worker pid {p.pid} did not stop; killing")
                p.kill()
                p.wait(5)
        try:
            os.killpg(p.pid, signal.SIGKILL)  # leftover pool children of that worker's own process group
        except (ProcessLookupError, PermissionError):
            pass
        if p in workers:
            workers.remove(p)

    def stop_all():
        for p in list(workers):
            try:
                stop_worker(p)
            except Exception as e:
                log(f"stop worker {p.pid}: {e}")

    atexit.register(stop_all)

    def on_signal(signum, frame):
        stop_all()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    def wait_ready(timeout=90):
        """Round-trip a few jobs through the worker so it is up, connected and idle."""
        rs = [noop.apply_async((make_job(-1, time.time()),)) for _ in range(conc)]
        for r in rs:
            r.get(timeout=timeout, disable_sync_subtasks=False)

    def enqueue_parallel(n, procs):
        ctx = mp.get_context("spawn")
        barrier = ctx.Barrier(procs + 1)
        ps = [ctx.Process(target=enqueue_child, args=(k, procs, n, barrier)) for k in range(procs)]
        for p in ps:
            p.start()
        try:
            barrier.wait(timeout=120)
            t = time.perf_counter()
            for p in ps:
                p.join()
            el = time.perf_counter() - t
        finally:
            for p in ps:
                if p.is_alive():
                    p.terminate()
                    p.join(5)
        bad = [p.exitcode for p in ps if p.exitcode != 0]
        if bad:
            raise RuntimeError(f"enqueue processes failed: {bad}")
        return el

    # ---- scenarios ----
    def sc_e1():
        purge()
        req = env_int("BENCH_E1", 10000)
        n = min(req, cap_e) if cap_e else req
        t = time.perf_counter()
        for i in range(n):
            noop.apply_async((make_job(i, time.time()),))
        el = time.perf_counter() - t
        s = {"clients": 1, "jobs": n, "requested": req, "api": "Task.apply_async, one message per call"}
        if cap_e:
            s["cap"] = cap_e
        s.update(store_desc)
        report("E1", n / el, "jobs/s", s)

    def sc_e8():
        purge()
        req = env_int("BENCH_E8", 10000)
        n = min(req, cap_e) if cap_e else req
        el = enqueue_parallel(n, 8)
        s = {"clients": 8, "client_kind": "8 processes (spawned, connected before the clock starts)", "jobs": n,
             "requested": req, "api": "Task.apply_async, one message per call"}
        if cap_e:
            s["cap"] = cap_e
        s.update(store_desc)
        report("E8", n / el, "jobs/s", s)

    def sc_eb():
        report("EB", None, "jobs/s", {"unsupported": "Celery has no batch publish API: group(...).apply_async() and chunks() "
                                      "still publish one broker message per task, i.e. the same path as E1/E8"})

    def sc_d():
        purge()
        req = env_int("BENCH_D", 100000)
        n = min(req, cap_d) if cap_d else req
        enqueue_parallel(n, nprod)
        log(f"D: {n} jobs enqueued; starting worker")
        t = time.perf_counter()
        w = start_worker()
        done = 0
        first = None
        last, last_change = -1, time.perf_counter()
        timed_out = True
        try:
            while time.perf_counter() - t < 600 and time.perf_counter() - last_change < 60:
                done = completed()
                if done and first is None:
                    first = time.perf_counter() - t
                if done != last:
                    last, last_change = done, time.perf_counter()
                if done >= n:
                    timed_out = False
                    break
                if w.poll() is not None:
                    raise RuntimeError(f"worker exited with {w.returncode}")
                time.sleep(0.1)
            el = time.perf_counter() - t
        finally:
            stop_worker(w)
        ok = success_exact()
        s = base_settings()
        s.update({"jobs": n, "requested": req, "cap": cap_d, "completed": ok,
                  "counted": "results stored with status SUCCESS in the result backend, polled every 100 ms",
                  "includes_worker_start": True,
                  "first_completion_s": None if first is None else round(first, 2), "elapsed_s": round(el, 2)})
        if timed_out:
            s["timed_out"] = True
        report("D", min(done, ok) / el, "jobs/s", s)

    def sc_l():
        purge()
        n = env_int("BENCH_L", 2000)
        rate = max(1, env_int("BENCH_L_RATE", 200))
        lprod = max(1, env_int("CELERY_L_PRODUCERS", 1))
        w = start_worker()
        try:
            wait_ready()
            time.sleep(1.0)
            ids = [None] * n
            enq_ms = [0.0] * n
            period = 1.0 / rate
            t0 = time.perf_counter() + 0.05

            def producer(k):
                for i in range(k, n, lprod):
                    due = t0 + i * period
                    while True:
                        left = due - time.perf_counter()
                        if left <= 0:
                            break
                        time.sleep(left if left > 0.002 else 0)
                    ts = time.time()
                    c0 = time.perf_counter()
                    ids[i] = lat.apply_async(({"i": i, "enqueued_at": int(ts * 1000), "enqueued_ts": ts},)).id
                    enq_ms[i] = (time.perf_counter() - c0) * 1000

            th = [threading.Thread(target=producer, args=(k,)) for k in range(lprod)]
            for x in th:
                x.start()
            for x in th:
                x.join()
            actual_rate = n / (time.perf_counter() - t0)
            delays = {}
            deadline = time.time() + 120
            pending = list(range(n))
            while pending and time.time() < deadline:
                still = []
                for i in pending:
                    meta = app.backend.get_task_meta(ids[i])
                    if meta.get("status") == "SUCCESS":
                        delays[i] = meta["result"]["delay_ms"]
                    else:
                        still.append(i)
                pending = still
                if pending:
                    time.sleep(0.1)
        finally:
            stop_worker(w)
        if not delays:
            raise RuntimeError("no latency samples")
        d = sorted(delays.values())
        e = sorted(enq_ms)

        def pct(a, p):
            return a[min(len(a) - 1, max(0, int(-(-p * len(a) // 100)) - 1))]

        s = base_settings()
        s.update({"jobs": n, "rate": rate, "actual_rate": round(actual_rate, 1), "producers": lprod, "started": len(d),
                  "enqueue_call_ms_p50": round(pct(e, 50), 3),
                  "clock": "time.time() just before apply_async (client) vs at handler start (worker process), same host"})
        report("L.p50", pct(d, 50), "ms", s)
        report("L.p99", pct(d, 99), "ms", s)
        report("L.max", d[-1], "ms", s)

    def sc_s():
        purge()
        seconds = max(1, env_int("BENCH_S_SECONDS", 30))
        window = env_int("BENCH_S_WINDOW", 5000)
        sprod = max(1, env_int("CELERY_S_PRODUCERS", 4))
        w = start_worker()
        try:
            wait_ready()
            base = completed()
            state = {"enq": 0, "done": 0}
            lock = threading.Lock()
            stop = threading.Event()

            def poller():
                while not stop.is_set():
                    state["done"] = completed() - base
                    stop.wait(0.05)

            t = time.perf_counter()
            end = t + seconds

            def producer(k):
                while time.perf_counter() < end:
                    with lock:
                        if state["enq"] - state["done"] >= window:
                            i = None
                        else:
                            state["enq"] += 1
                            i = state["enq"]
                    if i is None:
                        time.sleep(0.001)
                        continue
                    noop.apply_async((make_job(i, time.time()),))

            pt = threading.Thread(target=poller, daemon=True)
            pt.start()
            th = [threading.Thread(target=producer, args=(k,)) for k in range(sprod)]
            for x in th:
                x.start()
            for x in th:
                x.join()
            el = time.perf_counter() - t
            done = completed() - base
            stop.set()
            pt.join()
        finally:
            stop_worker(w, timeout=3)  # measured already; jobs still reserved by the worker need not finish
        s = base_settings()
        s.update({"seconds": round(el, 3), "window": window, "producers": f"{sprod} threads, apply_async one at a time (no batch publish API)",
                  "enqueued": state["enq"], "completed": done, "final_backlog": state["enq"] - done,
                  "counted": "results stored with status SUCCESS", "worker_started_before_clock": True})
        report("S", done / el, "jobs/s", s)

    prepare()
    table = {"E1": sc_e1, "E8": sc_e8, "EB": sc_eb, "D": sc_d, "L": sc_l, "S": sc_s}
    failed = 0
    for sc in scenarios:
        f = table.get(sc)
        if f is None:
            log(f"unknown scenario {sc}")
            failed += 1
            continue
        log(f"scenario {sc}")
        try:
            f()
        except Exception as e:
            import traceback
            traceback.print_exc()
            log(f"{sc} failed: {e}")
            failed += 1
    try:
        purge()
    except Exception:
        pass
    stop_all()
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
