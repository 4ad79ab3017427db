'use strict';
// Enqueue jobs for Jobs (.NET) workers and read their results, through PostgreSQL: a thin layer over the SQL functions
// of migration 12 (README "Other languages: enqueue with SQL"): jobs.enqueue, jobs.enqueue_many, jobs.result and the
// "<schema>.jobs_finished" notification. Every call takes a connected pg Client (or a Pool's client): enqueueing on a
// client between BEGIN and COMMIT makes the job exist if and only if that transaction commits.

const OPTIONS = {
  // JavaScript name: [SQL argument, SQL type]. Durations are numbers of seconds.
  queue: ['queue', 'text'],
  priority: ['priority', 'integer'],
  countdown: ['countdown', 'interval'],
  eta: ['eta', 'timestamptz'],
  expires: ['expires', 'interval'],
  expiresAt: ['expires_at', 'timestamptz'],
  maxRetries: ['max_retries', 'integer'],
  retryBackoff: ['retry_backoff', 'interval'],
  retryBackoffMax: ['retry_backoff_max', 'interval'],
  retryCountdown: ['retry_countdown', 'interval'],
  retryFor: ['retry_for', 'text[]'],
  softTimeLimit: ['soft_time_limit', 'interval'],
  timeLimit: ['time_limit', 'interval'],
  traceParent: ['trace_parent', 'text'],
  id: ['id', 'uuid'],
};

const ident = (name) => '"' + String(name).replace(/"/g, '""') + '"';

function sqlOptions(options) {
  const out = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'schema' || value === undefined || value === null) continue;
    const spec = OPTIONS[key];
    if (!spec) throw new TypeError(`unknown enqueue option: ${key}`);
    const [name, type] = spec;
    if (type === 'interval' && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw new TypeError(`${key} must be a number of seconds`);
    }
    out[name] = { type, value: type === 'interval' ? `${value} seconds` : value instanceof Date ? value.toISOString() : value };
  }
  return out;
}

/**
 * Enqueues one job and returns its id (a UUIDv7 string). `args` is any JSON value (default {}); options: queue,
 * priority, countdown, eta (Date), expires, expiresAt (Date), maxRetries, retryBackoff, retryBackoffMax, retryCountdown,
 * retryFor (string[]), softTimeLimit, timeLimit, traceParent, id, schema (default "jobs"); durations in seconds. A bad
 * request rejects with the database error (code 22023) carrying the .NET client's message.
 */
async function enqueue(client, task, args = {}, options = {}) {
  const opts = sqlOptions(options);
  const params = [task, JSON.stringify(args ?? {})];
  const named = Object.entries(opts).map(([name, { type, value }]) => {
    params.push(value);
    return `${name} => $${params.length}::${type}`;
  });
  const sql = `select ${ident(options.schema ?? 'jobs')}.enqueue($1::text, $2::jsonb${named.map((n) => ', ' + n).join('')}) as id`;
  const { rows } = await client.query(sql, params);
  return rows[0].id;
}

/** Enqueues many jobs in one statement: each request is { task, args, ...options }; returns their ids in order. */
async function enqueueMany(client, requests, { schema = 'jobs' } = {}) {
  const items = requests.map(({ task, args, ...options }) => {
    const item = { task, args: args ?? {} };
    for (const [key, value] of Object.entries(options)) {
      if (value === undefined || value === null) continue;
      if (!OPTIONS[key]) throw new TypeError(`unknown enqueue option: ${key}`);
      item[OPTIONS[key][0]] = value instanceof Date ? value.toISOString() : value; // durations stay seconds
    }
    return item;
  });
  const { rows } = await client.query(`select id from ${ident(schema)}.enqueue_many($1::jsonb) as id`, [JSON.stringify(items)]);
  return rows.map((r) => r.id);
}

/**
 * The job's outcome now: { id, state, ready, result, error, traceback, attempt, createdAt, startedAt, finishedAt }
 * (result: the task's return value, decoded JSON, once SUCCESS), or null for an unknown id (never enqueued, or pruned).
 */
async function getResult(client, id, { schema = 'jobs' } = {}) {
  const { rows } = await client.query(
    `select state, ready, result, error, traceback, attempt, created_at, started_at, finished_at from ${ident(schema)}.result($1::uuid)`, [id]);
  if (rows.length === 0) return null;
  const r = rows[0];
  return { id, state: r.state, ready: r.ready, result: r.result, error: r.error, traceback: r.traceback, attempt: r.attempt,
    createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at };
}

/**
 * Waits until the job has ended (SUCCESS, FAILURE or REVOKED) and returns its outcome. Woken by the workers'
 * notification on "<schema>.jobs_finished" (payload: the ids that ended), not a busy poll; re-reads once a second as a
 * safety net. Use a client outside any transaction (notifications arrive between transactions); it stays listening.
 * Rejects with an Error on timeout (default 30 s) or for an unknown id.
 */
async function waitForResult(client, id, { timeout = 30000, schema = 'jobs' } = {}) {
  const channel = `${schema}.jobs_finished`;
  let wake = () => {};
  const onNotification = (n) => {
    if (n.channel === channel && n.payload.split(',').includes(String(id))) wake();
  };
  client.on('notification', onNotification);
  const deadline = Date.now() + timeout;
  try {
    await client.query(`listen ${ident(channel)}`);
    for (;;) {
      const woken = new Promise((resolve) => { wake = resolve; });
      const outcome = await getResult(client, id, { schema });
      if (outcome === null) throw new Error(`job ${id} does not exist (never enqueued, or pruned)`);
      if (outcome.ready) return outcome;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`job ${id} is still ${outcome.state} after ${timeout} ms`);
      let timer;
      await Promise.race([woken, new Promise((resolve) => { timer = setTimeout(resolve, Math.min(remaining, 1000)); })]);
      clearTimeout(timer);
    }
  } finally {
    client.removeListener('notification', onNotification);
  }
}

module.exports = { enqueue, enqueueMany, getResult, waitForResult };
