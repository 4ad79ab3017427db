'use strict';
// Needs a PostgreSQL connection string in JOBS_TEST_DATABASE_URL; each test migrates a fresh schema with the
// repository's own migration scripts and drops it afterwards. Without it the tests are skipped.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { Client } = require('pg');
const { enqueue, enqueueMany, getResult, waitForResult } = require('..');

const url = process.env.JOBS_TEST_DATABASE_URL;
const scripts = path.resolve(__dirname, '../../../migrations/Jobs.Migrations.Postgres/Sql');

async function withSchema(t, body) {
  if (!url) return t.skip('JOBS_TEST_DATABASE_URL is not set');
  const schema = 'js_' + crypto.randomBytes(5).toString('hex');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create schema "${schema}"`);
    for (const file of fs.readdirSync(scripts).filter((f) => f.endsWith('.up.sql')).sort()) {
      await client.query(fs.readFileSync(path.join(scripts, file), 'utf8').replaceAll('{schema}', `"${schema}"`));
    }
    await body(client, schema);
  } finally {
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
}

const row = async (client, schema, id, columns) => (await client.query(`select ${columns} from "${schema}".job where id = $1`, [id])).rows[0];

test('enqueue returns a UUIDv7 and stores the options', (t) => withSchema(t, async (client, schema) => {
  const id = await enqueue(client, 'reports.generate', { customer: 'ACME' },
    { schema, queue: 'mail', priority: 5, countdown: 60, maxRetries: 0, retryCountdown: 3, retryFor: ['TimeoutError'] });
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(await row(client, schema, id, 'task, args, queue, priority, state, max_attempts, retry_backoff_ms, retry_for'), {
    task: 'reports.generate', args: { customer: 'ACME' }, queue: 'mail', priority: 5, state: 'SCHEDULED',
    max_attempts: 1, retry_backoff_ms: 3000, retry_for: ['TimeoutError'],
  });
}));

test("enqueue in the caller's transaction exists only if it commits", (t) => withSchema(t, async (client, schema) => {
  await client.query('begin');
  const rolledBack = await enqueue(client, 'echo', {}, { schema });
  await client.query('rollback');
  await client.query('begin');
  const committed = await enqueue(client, 'echo', [1, 2], { schema });
  await client.query('commit');
  assert.equal(await getResult(client, rolledBack, { schema }), null);
  assert.equal((await getResult(client, committed, { schema })).state, 'PENDING');
}));

test('enqueueMany returns the ids in order', (t) => withSchema(t, async (client, schema) => {
  const ids = await enqueueMany(client, [{ task: 'a' }, { task: 'b', args: { x: 1 }, countdown: 300 },
    { task: 'c', eta: new Date('2030-01-01T00:00:00Z') }], { schema });
  assert.equal(ids.length, 3);
  assert.deepEqual([...ids].sort(), ids);
  const states = [];
  for (const id of ids) states.push(Object.values(await row(client, schema, id, 'task, state')).join(':'));
  assert.deepEqual(states, ['a:PENDING', 'b:SCHEDULED', 'c:SCHEDULED']);
}));

test("bad requests reject with the .NET client's message", (t) => withSchema(t, async (client, schema) => {
  await assert.rejects(enqueue(client, 'echo', {}, { schema, countdown: -1 }),
    (e) => e.code === '22023' && /Countdown for task 'echo' must not be negative/.test(e.message));
  await assert.rejects(enqueue(client, 'echo', {}, { schema, countdwon: 1 }), /unknown enqueue option/);
}));

test('waitForResult is woken by the finished notification', (t) => withSchema(t, async (client, schema) => {
  const id = await enqueue(client, 'echo', { x: 1 }, { schema });
  const worker = new Client({ connectionString: url });
  await worker.connect();
  const finish = setTimeout(async () => { // what a worker does: record the outcome, then notify after the commit
    await worker.query(`update "${schema}".job set state = 'SUCCESS', result = '{"x": 1}', attempt = 1, started_at = now(),
                        finished_at = now() where id = $1`, [id]);
    await worker.query('select pg_notify($1, $2)', [`${schema}.jobs_finished`, `${crypto.randomUUID()},${id}`]);
  }, 300);
  try {
    const outcome = await waitForResult(client, id, { schema, timeout: 20000 });
    assert.deepEqual([outcome.state, outcome.ready, outcome.result], ['SUCCESS', true, { x: 1 }]);
  } finally {
    clearTimeout(finish);
    await worker.end();
  }
  await assert.rejects(waitForResult(client, crypto.randomUUID(), { schema, timeout: 1000 }), /does not exist/);
  const pending = await enqueue(client, 'echo', {}, { schema });
  await assert.rejects(waitForResult(client, pending, { schema, timeout: 200 }), /still PENDING/);
}));
