// pg-boss peer: scenarios E1, E8, EB, D, L, S of the standard workload (../README.md).
// Env: PGURL, BENCH_SCENARIOS, BENCH_E1, BENCH_E8, BENCH_EB, BENCH_BATCH, BENCH_D, BENCH_L, BENCH_L_RATE,
// BENCH_S_SECONDS (optional: BENCH_S_WINDOW, default 5000; BENCH_S_PRODUCERS, default 2; BENCH_TIMEOUT_S, default 3600).
// One JSON line per result on stdout, logs on stderr.
import { log, sizes, scenarios, pgUrl, pkgVersion, sleep, nowMs, args, round, makeReporter, pct, shared, bulk, until, steady, windowProducer, watchdog, runScenarios } from '../node-common/bench-util.mjs';
import { PgBoss } from 'pg-boss';

const SYSTEM = 'pg-boss';
const version = pkgVersion('pg-boss');
const report = makeReporter(SYSTEM, version);
watchdog(Number(process.env.BENCH_TIMEOUT_S || 3600) * 1000, 'pg-boss run');

const SCHEMA = 'pgboss_bench';
const Q = 'bench';
const POOL_MAX = 20;
// Best settings found for throughput (D, S): 8 local workers fetching and completing 500 jobs per round trip,
// fetching again at once while batches come back full.
// (PGBOSS_CONCURRENCY / PGBOSS_BATCH override them for tuning runs.)
const envn = (k, d) => (process.env[k] ? Number(process.env[k]) : d);
const TUNED = { localConcurrency: envn('PGBOSS_CONCURRENCY', 8), batchSize: envn('PGBOSS_BATCH', 500), pollingIntervalSeconds: 0.5, burstWhenBatchFull: true };
const S_NOTIFY = envn('PGBOSS_S_NOTIFY', 1) === 1;
// Latency (L): woken by LISTEN/NOTIFY (instance useListenNotify + queue notify). Batches of up to 10 so jobs that
// arrive while a worker is busy are not left for the 30 s backstop poll (with batchSize 1 some were).
const LATENCY = { localConcurrency: envn('PGBOSS_L_CONCURRENCY', 2), batchSize: envn('PGBOSS_L_BATCH', 10), pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 30 };

// One pg-boss instance per scenario (queue options differ for L); supervision/maintenance left at their defaults.
async function openBoss({ notify = false } = {}) {
  const boss = new PgBoss({ connectionString: pgUrl(), schema: SCHEMA, max: POOL_MAX, useListenNotify: notify });
  boss.on('error', e => log('pg-boss error:', e?.message || e));
  boss.on('warning', w => log('pg-boss warning:', w?.message || w));
  await boss.start();
  const db = boss.getDb();
  const sql = async (text, params) => (await db.executeSql(text, params)).rows;
  // Clean state: drop the queue and every job row of it, then recreate it.
  try { await boss.deleteQueue(Q); } catch (e) { log('deleteQueue:', e.message); }
  await sql(`delete from ${SCHEMA}.job where name = $1`, [Q]);
  await sql(`vacuum analyze ${SCHEMA}.job_common`).catch(e => log('vacuum:', e.message));
  await boss.createQueue(Q, notify ? { notify: true } : {});
  const completed = async () => (await sql(`select count(*)::int n from ${SCHEMA}.job where name = $1 and state = 'completed'`, [Q]))[0].n;
  const stop = () => boss.stop({ graceful: true, close: true, timeout: 10000 }).catch(e => log('stop:', e.message));
  return { boss, sql, completed, stop };
}

const per = (n, ms) => n / (ms / 1000);
const insertBatch = boss => list => boss.insert(Q, list.map(data => ({ data })));

const scenarioFns = {
  async E1() {
    const n = sizes.E1, { boss, stop } = await openBoss();
    const t = performance.now();
    for (let i = 0; i < n; i++) await boss.send(Q, args(i));
    report('E1', round(per(n, performance.now() - t)), 'jobs/s', { clients: 1, jobs: n, method: 'send (one insert per job)' });
    await stop();
  },
  async E8() {
    const n = sizes.E8, { boss, stop } = await openBoss();
    const t = performance.now();
    await shared(n, 8, i => boss.send(Q, args(i)));
    report('E8', round(per(n, performance.now() - t)), 'jobs/s', { clients: 8, jobs: n, method: 'send from 8 concurrent loops sharing the job count', pool_max: POOL_MAX });
    await stop();
  },
  async EB() {
    const n = sizes.EB, b = sizes.BATCH, { boss, stop } = await openBoss();
    const t = performance.now();
    await bulk(n, b, insertBatch(boss));
    report('EB', round(per(n, performance.now() - t)), 'jobs/s', { jobs: n, batch: b, method: 'insert (array)' });
    await stop();
  },
  async D() {
    const n = sizes.D, { boss, sql, completed, stop } = await openBoss();
    await bulk(n, 1000, insertBatch(boss));
    const queued = (await sql(`select count(*)::int n from ${SCHEMA}.job where name = $1 and state = 'created'`, [Q]))[0].n;
    if (queued !== n) throw new Error(`D: ${queued} queued, expected ${n}`);
    let handled = 0;
    const t = performance.now();
    await boss.work(Q, TUNED, async jobs => { handled += jobs.length; });
    // Done when the database counts every job as state 'completed' (pg-boss keeps completed rows).
    // The in-process count only gates the database polling, which is the clock's stop condition.
    const ok = await until(async () => handled >= n && await completed() >= n, 10, 600000);
    const el = performance.now() - t;
    const done = await completed();
    await stop();
    report('D', round(per(done, el)), 'jobs/s', { jobs: n, completed: done, ...TUNED, done_when: "count(state = 'completed') = jobs",
      enqueue: 'insert batches of 1000 before the clock', ...(ok ? {} : { timeout: true }) });
  },
  async L() {
    const n = sizes.L, rate = sizes.L_RATE, { boss, stop } = await openBoss({ notify: true });
    const sentAt = new Array(n), delays = [];
    await boss.work(Q, LATENCY, async jobs => { const t = nowMs(); for (const j of jobs) delays.push(t - sentAt[j.data.i]); });
    await sleep(1000); // workers idle and listening
    await steady(n, rate, i => boss.send(Q, args(i)), sentAt);
    await until(() => delays.length >= n, 10, 40000);
    await stop();
    delays.sort((a, b) => a - b);
    const st = { jobs: n, rate, got: delays.length, ...(delays.length < n ? { missing: n - delays.length } : {}), ...LATENCY, wakeup: 'LISTEN/NOTIFY (useListenNotify, queue notify: true)',
      clock: 'performance.now, same process; delay = handler start - time before send' };
    report('L.p50', round(pct(delays, 0.5), 2), 'ms', st);
    report('L.p99', round(pct(delays, 0.99), 2), 'ms', st);
    report('L.max', round(delays[delays.length - 1], 2), 'ms', st);
  },
  async S() {
    const secs = sizes.S_SECONDS, window = sizes.S_WINDOW, b = sizes.BATCH, notify = S_NOTIFY, { boss, completed, stop } = await openBoss({ notify });
    let handled = 0;
    await boss.work(Q, { ...TUNED, ...(notify ? { notifyPollingIntervalSeconds: TUNED.pollingIntervalSeconds } : {}) }, async jobs => { handled += jobs.length; });
    await sleep(500);
    const state = { enqueued: 0, batches: 0 };
    let halt = false;
    const t = performance.now();
    const producer = Promise.all(Array.from({ length: sizes.S_PRODUCERS }, () => windowProducer({ window, batch: b, completed: () => handled, insertBatch: insertBatch(boss), stop: () => halt, state })));
    await sleep(secs * 1000);
    halt = true; await producer;
    const done = await completed();
    const el = performance.now() - t;
    await stop();
    report('S', round(per(done, el)), 'jobs/s', { seconds: round(el / 1000, 2), window, batch: b, producers: sizes.S_PRODUCERS, method: 'insert (array)',
      enqueued: state.enqueued, completed: done, final_backlog: state.enqueued - done, ...TUNED, wakeup: notify ? 'LISTEN/NOTIFY + 0.5 s poll' : 'polling 0.5 s + burst while batches are full', completed_counted: "in the database (state = 'completed')" });
  },
};

const failed = await runScenarios(scenarioFns, report, `${SYSTEM} ${version}`);
process.exit(failed ? 1 : 0);
