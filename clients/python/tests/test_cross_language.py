"""Across languages on one database: Python enqueues, a .NET worker (the `jobs` console, built by ./test.sh) runs
the job, Node reads its result. Needs JOBS_TEST_DATABASE_URL, node, clients/node's installed packages, and the
console built in Release (JOBS_CLI overrides its path)."""

import json
import os
import pathlib
import signal
import subprocess
import uuid

import pytest

from jobs_client import enqueue

psycopg = pytest.importorskip("psycopg")
from psycopg.conninfo import conninfo_to_dict  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[3]
CLI = pathlib.Path(os.environ.get("JOBS_CLI", REPO / "src" / "Jobs.Cli" / "bin" / "Release" / "net10.0" / "Jobs.Cli"))
NODE_CLIENT = REPO / "clients" / "node"

# Waits for the job through the Node client and prints its outcome as JSON.
NODE_READER = """
const { Client } = require('pg');
const { waitForResult } = require(process.env.NODE_CLIENT);
(async () => {
  const client = new Client({ connectionString: process.env.JOBS_TEST_DATABASE_URL });
  await client.connect();
  try {
    const outcome = await waitForResult(client, process.env.JOB_ID, { timeout: 60000, schema: process.env.JOB_SCHEMA });
    console.log(JSON.stringify({ state: outcome.state, result: outcome.result }));
  } finally { await client.end(); }
})().catch((e) => { console.error(e); process.exit(1); });
"""


def npgsql(url: str) -> str:
    """The .NET console's connection string (Npgsql keywords) for the same server and database."""
    d = conninfo_to_dict(url)
    parts = {"Host": d.get("host", "127.0.0.1"), "Port": d.get("port", "5432"), "Username": d.get("user", "postgres"),
             "Database": d.get("dbname", "postgres"), "Password": d.get("password")}
    return ";".join(f"{k}={v}" for k, v in parts.items() if v)


def test_python_enqueues_a_dotnet_worker_runs_node_reads_the_result(dsn, conn):
    if not CLI.exists():
        pytest.fail(f"the jobs console is not built at {CLI} (dotnet build -c Release src/Jobs.Cli, or set JOBS_CLI)")
    schema = "x_" + uuid.uuid4().hex[:10]
    console = [str(CLI), "--provider", "postgres", "--connection", npgsql(dsn), "--schema", schema]
    subprocess.run(console + ["migrate", "up"], check=True, capture_output=True, timeout=120)
    worker = subprocess.Popen(console + ["worker", "-c", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    try:
        job_id = enqueue(conn, "jobs.echo", {"from": "python", "n": 42}, schema=schema)
        env = dict(os.environ, NODE_CLIENT=str(NODE_CLIENT), JOB_ID=str(job_id), JOB_SCHEMA=schema)
        read = subprocess.run(["node", "-e", NODE_READER], env=env, capture_output=True, text=True, timeout=90,
                              cwd=NODE_CLIENT)
        assert read.returncode == 0, read.stderr
        assert json.loads(read.stdout) == {"state": "SUCCESS", "result": {"from": "python", "n": 42}}
    finally:
        os.killpg(worker.pid, signal.SIGTERM)  # the worker's own process group, by its PID
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        conn.execute(f'drop schema if exists "{schema}" cascade')
