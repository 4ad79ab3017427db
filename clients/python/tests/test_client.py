import datetime as dt
import threading
import uuid

import psycopg
import pytest

from jobs_client import enqueue, enqueue_many, get_result, wait_for_result


def row(conn, schema, job_id, columns):
    return conn.execute(f'select {columns} from "{schema}".job where id = %s', (job_id,)).fetchone()


def test_enqueue_returns_a_uuid7_and_stores_the_options(conn, schema):
    job_id = enqueue(conn, "reports.generate", {"customer": "ACME"}, schema=schema, queue="mail", priority=5,
                     countdown=60, max_retries=0, retry_countdown=dt.timedelta(seconds=3), retry_for=["TimeoutError"])
    assert isinstance(job_id, uuid.UUID) and job_id.version == 7
    task, args, queue, priority, state, attempts, backoff, retry_for = row(
        conn, schema, job_id, "task, args, queue, priority, state, max_attempts, retry_backoff_ms, retry_for")
    assert (task, args, queue, priority, state, attempts, backoff, retry_for) == (
        "reports.generate", {"customer": "ACME"}, "mail", 5, "SCHEDULED", 1, 3000, ["TimeoutError"])


def test_enqueue_in_the_callers_transaction_exists_only_if_it_commits(conn, schema):
    with pytest.raises(RuntimeError):
        with conn.transaction():
            rolled_back = enqueue(conn, "echo", schema=schema)
            raise RuntimeError("roll back")
    with conn.transaction():
        committed = enqueue(conn, "echo", [1, 2], schema=schema)
    assert get_result(conn, rolled_back, schema=schema) is None
    assert get_result(conn, committed, schema=schema).state == "PENDING"


def test_enqueue_many_returns_ids_in_order(conn, schema):
    ids = enqueue_many(conn, [{"task": "a"}, {"task": "b", "args": {"x": 1}, "countdown": dt.timedelta(minutes=5)},
                              {"task": "c", "eta": dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)}], schema=schema)
    assert len(ids) == 3 and ids == sorted(ids)
    assert [row(conn, schema, i, "task, state")[0:2] for i in ids] == [("a", "PENDING"), ("b", "SCHEDULED"), ("c", "SCHEDULED")]


def test_bad_requests_raise_the_clients_message(conn, schema):
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="Countdown for task 'echo' must not be negative"):
        enqueue(conn, "echo", schema=schema, countdown=-1)
    with pytest.raises(TypeError, match="unknown enqueue option"):
        enqueue(conn, "echo", schema=schema, countdwon=1)


def test_wait_for_result_is_woken_by_the_finished_notification(conn, dsn, schema):
    job_id = enqueue(conn, "echo", {"x": 1}, schema=schema)

    def finish():  # what a worker does: record the outcome, then notify after the commit
        with psycopg.connect(dsn, autocommit=True) as worker:
            worker.execute(f"""update "{schema}".job set state = 'SUCCESS', result = '{{"x": 1}}', attempt = 1,
                               started_at = now(), finished_at = now() where id = %s""", (job_id,))
            worker.execute("select pg_notify(%s, %s)", (schema + ".jobs_finished", f"{uuid.uuid4()},{job_id}"))

    timer = threading.Timer(0.3, finish)
    timer.start()
    outcome = wait_for_result(conn, job_id, timeout=20, schema=schema)
    timer.join()
    assert (outcome.state, outcome.ready, outcome.result, outcome.successful) == ("SUCCESS", True, {"x": 1}, True)


def test_wait_for_result_times_out_and_refuses_a_transaction(conn, dsn, schema):
    job_id = enqueue(conn, "echo", schema=schema)
    with pytest.raises(TimeoutError):
        wait_for_result(conn, job_id, timeout=0.2, schema=schema)
    with pytest.raises(LookupError):
        wait_for_result(conn, uuid.uuid4(), timeout=1, schema=schema)
    with psycopg.connect(dsn) as in_tx:
        with pytest.raises(ValueError, match="autocommit"):
            wait_for_result(in_tx, job_id, schema=schema)
