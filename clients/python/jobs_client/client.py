"""The functions of jobs_client: one SQL statement each, except wait_for_result (LISTEN, then re-read)."""

from __future__ import annotations

import datetime as _dt
import json
import select
import time
import uuid
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Sequence

from psycopg import Connection, sql
from psycopg.types.json import Jsonb

_INTERVALS = ("countdown", "expires", "retry_backoff", "retry_backoff_max", "retry_countdown", "soft_time_limit", "time_limit")
_OPTIONS = ("queue", "priority", "countdown", "eta", "expires", "expires_at", "max_retries", "retry_backoff",
            "retry_backoff_max", "retry_countdown", "retry_for", "soft_time_limit", "time_limit", "trace_parent", "id")
_READY = ("SUCCESS", "FAILURE", "REVOKED")


@dataclass(frozen=True)
class JobResult:
    """A job's outcome as jobs.result returns it. ``result`` is the task's return value (decoded JSON) once SUCCESS;
    ``error`` is ``Type: message`` on FAILURE, the reason on REVOKED."""

    id: uuid.UUID
    state: str
    ready: bool
    result: Any
    error: Optional[str]
    traceback: Optional[str]
    attempt: int
    created_at: _dt.datetime
    started_at: Optional[_dt.datetime]
    finished_at: Optional[_dt.datetime]

    @property
    def successful(self) -> bool:
        return self.state == "SUCCESS"


def _interval(name: str, value: Any) -> Any:
    """Numbers are seconds; timedelta passes as is (psycopg sends both as interval)."""
    if value is None or isinstance(value, _dt.timedelta):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _dt.timedelta(seconds=value)
    raise TypeError(f"{name} must be a number of seconds or a datetime.timedelta, not {type(value).__name__}")


def _options(options: Mapping[str, Any]) -> dict:
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise TypeError(f"unknown enqueue option(s): {', '.join(unknown)}")
    return {k: (_interval(k, v) if k in _INTERVALS else v) for k, v in options.items() if v is not None}


def enqueue(conn: Connection, task: str, args: Any = None, *, schema: str = "jobs", **options: Any) -> uuid.UUID:
    """Enqueues one job and returns its id. ``args`` is any JSON-serializable value (default ``{}``); options are
    jobs.enqueue's arguments (queue, priority, countdown, eta, expires, expires_at, max_retries, retry_backoff,
    retry_backoff_max, retry_countdown, retry_for, soft_time_limit, time_limit, trace_parent, id); durations are seconds
    or timedelta. A bad request raises psycopg.errors.InvalidParameterValue with the .NET client's message."""
    opts = _options(options)
    named = [sql.SQL("{} => {}").format(sql.Identifier(k), sql.Placeholder(k)) for k in opts]
    query = sql.SQL("select {}.enqueue({})").format(
        sql.Identifier(schema), sql.SQL(", ").join([sql.Placeholder("task"), sql.Placeholder("args"), *named]))
    row = conn.execute(query, {"task": task, "args": Jsonb({} if args is None else args), **opts}).fetchone()
    return row[0]


def enqueue_many(conn: Connection, requests: Iterable[Mapping[str, Any]], *, schema: str = "jobs") -> list:
    """Enqueues many jobs in one statement and returns their ids in order. Each request is a mapping with ``task``,
    optionally ``args`` and the options of :func:`enqueue`."""
    items = []
    for r in requests:
        r = dict(r)
        task, args = r.pop("task", None), r.pop("args", None)
        item = {"task": task, "args": {} if args is None else args}
        for k, v in _options(r).items():
            if isinstance(v, _dt.timedelta):
                v = v.total_seconds()
            elif isinstance(v, (_dt.datetime, uuid.UUID)):
                v = str(v) if isinstance(v, uuid.UUID) else v.isoformat()
            item[k] = v
        items.append(item)
    query = sql.SQL("select * from {}.enqueue_many(%s)").format(sql.Identifier(schema))
    return [row[0] for row in conn.execute(query, (Jsonb(items),)).fetchall()]


def get_result(conn: Connection, job_id: uuid.UUID | str, *, schema: str = "jobs") -> Optional[JobResult]:
    """The job's outcome now, or None for an unknown id (never enqueued, or pruned once its result expired)."""
    job_id = job_id if isinstance(job_id, uuid.UUID) else uuid.UUID(str(job_id))
    query = sql.SQL("select state, ready, result, error, traceback, attempt, created_at, started_at, finished_at "
                    "from {}.result(%s)").format(sql.Identifier(schema))
    row = conn.execute(query, (job_id,)).fetchone()
    return None if row is None else JobResult(job_id, *row)


def wait_for_result(conn: Connection, job_id: uuid.UUID | str, timeout: float = 30.0, *, schema: str = "jobs") -> JobResult:
    """Waits until the job has ended (SUCCESS, FAILURE or REVOKED) and returns its outcome. Woken by the workers'
    notification on channel ``<schema>.jobs_finished`` (payload: the ids that ended), not a busy poll; re-reads once a
    second as a safety net. ``conn`` must be in autocommit mode (notifications arrive outside transactions); it stays
    listening afterwards. Raises TimeoutError, or LookupError when the id is unknown."""
    if not conn.autocommit:
        raise ValueError("wait_for_result needs a connection in autocommit mode (notifications are not delivered inside a transaction)")
    job_id = job_id if isinstance(job_id, uuid.UUID) else uuid.UUID(str(job_id))
    woken: list = []
    handler = lambda n: woken.append(n.payload)  # notifications that arrive while a query runs
    conn.add_notify_handler(handler)
    try:
        conn.execute(sql.SQL("listen {}").format(sql.Identifier(schema + ".jobs_finished")))
        return _wait(conn, job_id, time.monotonic() + timeout, timeout, woken, schema)
    finally:
        conn.remove_notify_handler(handler)


def _wait(conn: Connection, job_id: uuid.UUID, deadline: float, timeout: float, woken: list, schema: str) -> JobResult:
    while True:
        woken.clear()
        outcome = get_result(conn, job_id, schema=schema)
        if outcome is None:
            raise LookupError(f"job {job_id} does not exist (never enqueued, or pruned)")
        if outcome.ready:
            return outcome
        while not any(str(job_id) in p.split(",") for p in woken):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"job {job_id} is still {outcome.state} after {timeout} s")
            readable, _, _ = select.select([conn.fileno()], [], [], min(remaining, 1.0))
            if not readable:
                break  # the safety net: read the job again
            conn.pgconn.consume_input()
            while (n := conn.pgconn.notifies()) is not None:
                woken.append(n.extra.decode())
