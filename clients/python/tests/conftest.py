"""A fresh schema per test, migrated by the repository's own PostgreSQL migration scripts, in the database named by
JOBS_TEST_DATABASE_URL (a libpq connection string or URL). Without it the tests are skipped."""

import glob
import os
import pathlib
import sys
import uuid

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

psycopg = pytest.importorskip("psycopg")
SCRIPTS = pathlib.Path(__file__).resolve().parents[3] / "migrations" / "Jobs.Migrations.Postgres" / "Sql"


@pytest.fixture
def dsn():
    url = os.environ.get("JOBS_TEST_DATABASE_URL")
    if not url:
        pytest.skip("JOBS_TEST_DATABASE_URL is not set")
    return url


@pytest.fixture
def schema(dsn):
    name = "py_" + uuid.uuid4().hex[:10]
    quoted = '"' + name + '"'
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"create schema {quoted}")
        for script in sorted(glob.glob(str(SCRIPTS / "*.up.sql"))):
            conn.execute(pathlib.Path(script).read_text().replace("{schema}", quoted))
    yield name
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"drop schema {quoted} cascade")


@pytest.fixture
def conn(dsn):
    with psycopg.connect(dsn, autocommit=True) as c:
        yield c
