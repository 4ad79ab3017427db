"""Enqueue jobs for Jobs (.NET) workers and read their results, through PostgreSQL.

A thin layer over the SQL functions of migration 12 (README "Other languages: enqueue with SQL"): ``jobs.enqueue``,
``jobs.enqueue_many`` and ``jobs.result``, and the ``<schema>.jobs_finished`` notification. Every call takes a psycopg 3
connection; enqueueing on a connection inside ``with conn.transaction():`` makes the job exist if and only if that
transaction commits.
"""

from .client import JobResult, enqueue, enqueue_many, get_result, wait_for_result

__all__ = ["JobResult", "enqueue", "enqueue_many", "get_result", "wait_for_result"]
