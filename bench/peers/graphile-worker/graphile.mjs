// graphile-worker peer: scenarios E1, E8, EB, D, L, S of the standard workload (../README.md).
// Env: PGURL, BENCH_SCENARIOS, BENCH_E1, BENCH_E8, BENCH_EB, BENCH_BATCH, BENCH_D, BENCH_L, BENCH_L_RATE,
// BENCH_S_SECONDS (optional: BENCH_S_WINDOW, default 5000; BENCH_S_PRODUCERS, default 2; BENCH_TIMEOUT_S, default 3600).
// One JSON line per result on stdout, logs on stderr.
import { log, sizes, scenarios, pgUrl, pkgVersion, sleep, nowMs, args, round, makeReporter, pct, shared, bulk, until, steady, windowProducer, watchdog, runScenarios } from '../node-common/bench-util.mjs';
import pg from 'pg';
import { run, makeWorkerUtils, Logger } from 'graphile-worker';

const SYSTEM = 'graphile-worker';
const version = pkgVersion('graphile-worker');
const report = makeReporter(SYSTEM, version);
watchdog(num0('BENCH_TIMEOUT_S', 3600) * 1000, 'graphile-worker run');
function num0(k, d) { const v = process.env[k]; return v ? Number(v) : d; }

const TASK = 'noop';
const JOBS = 'graphile_worker._private_jobs';
const POOL_MAX = 20;
// Best settings found for throughput (D, S): pool-level local queue (batch fetch) + batched completion.
// (GW_CONCURRENCY / GW_LOCAL_QUEUE / GW_COMPLETE_DELAY override them for tuning runs.)
const envn = (k, d) => (process.env[k] ? Number(process.env[k]) : d);
const TUNED = { concurrency: envn('GW_CONCURRENCY', 10), localQueue: envn('GW_LOCAL_QUEUE', 500), completeJobBatchDelay: envn('GW_COMPLETE_DELAY', 0), pollInterval: 1000 };
// Latency (L): defaults (per-worker fetch, immediate completion), woken by LISTEN/NOTIFY.
const LATENCY = { concurrency: envn('GW_L_CONCURRENCY', 10), localQueue: -1, completeJobBatchDelay: -1, pollInterval: 2000 };

// Production logging level: warnings and errors (to stderr); graphile-worker's per-job INFO lines are dropped.
const logger = new Logger(scope => (level, message) => { if (level === 'error' || level === 'warning') log(`graphile-worker ${level}:`, message); });

const LOGSET = 'warning+error only (per-job INFO lines off)';
const pool = new pg.Pool({ connectionString: pgUrl(), max: POOL_MAX });
pool.on('error', e => log('pool error', e.message));
pool.on('connect', c => c.on('error', e => log('client error', e.message)));
const utils = await makeWorkerUtils({ pgPool: pool, logger });
await utils.migrate();

async function clean() {
  await pool.query(`delete from ${JOBS}`);
  await pool.query(`vacuum analyze ${JOBS}`);
}
const remaining = async () => (await pool.query(`select count(*)::int n from ${JOBS}`)).rows[0].n;
const empty = async () => !(await pool.query(`select exists(select 1 from ${JOBS}) e`)).rows[0].e;
const addBatch = list => utils.addJobs(list.map(payload => ({ identifier: TASK, payload })));

async function startRunner(s, handler) {
  // A separate pool for the runner, as a worker process would have.
  const wpool = new pg.Pool({ connectionString: pgUrl(), max: POOL_MAX });
  wpool.on('error', e => log('worker pool error', e.message));
  wpool.on('connect', c => c.on('error', e => log('worker client error', e.message)));
  const runner = await run({
    pgPool: wpool, logger, concurrency: s.concurrency, pollInterval: s.pollInterval, noHandleSignals: true,
    taskList: { [TASK]: async payload => { handler(payload); } },
    preset: { worker: {
      ...(s.localQueue > 1 ? { localQueue: { size: s.localQueue } } : {}),
      completeJobBatchDelay: s.completeJobBatchDelay,
    } },
  });
  return { runner, stop: async () => { await runner.stop(); await wpool.end(); } };
}

const per = (n, ms) => n / (ms / 1000);

const scenarioFns = {
  async E1() {
    const n = sizes.E1; await clean();
    const t = performance.now();
    for (let i = 0; i < n; i++) await utils.addJob(TASK, args(i));
    report('E1', round(per(n, performance.now() - t)), 'jobs/s', { clients: 1, jobs: n, method: 'addJob (one add_job call per job, autocommit)' });
  },
  async E8() {
    const n = sizes.E8; await clean();
    const t = performance.now();
    await shared(n, 8, i => utils.addJob(TASK, args(i)));
    report('E8', round(per(n, performance.now() - t)), 'jobs/s', { clients: 8, jobs: n, method: 'addJob from 8 concurrent loops sharing the job count', pool_max: POOL_MAX });
  },
  async EB() {
    const n = sizes.EB, b = sizes.BATCH; await clean();
    const t = performance.now();
    await bulk(n, b, addBatch);
    report('EB', round(per(n, performance.now() - t)), 'jobs/s', { jobs: n, batch: b, method: 'addJobs (array)' });
  },
  async D() {
    const n = sizes.D; await clean();
    await bulk(n, 1000, addBatch);
    if ((await remaining()) !== n) throw new Error('D: queued count mismatch');
    let handled = 0;
    const t = performance.now();
    const w = await startRunner(TUNED, () => { handled++; });
    // graphile-worker deletes a job's row when it records the completion: done = job table empty.
    // The in-process count only gates the (cheap) database polling; the clock stops on the database.
    const ok = await until(async () => handled >= n && await empty(), 10, 600000);
    const el = performance.now() - t;
    const left = await remaining();
    await w.stop();
    report('D', round(per(n - left, el)), 'jobs/s', { jobs: n, completed: n - left, concurrency: TUNED.concurrency,
      localQueue: TUNED.localQueue, completeJobBatchDelay: TUNED.completeJobBatchDelay, pollInterval_ms: TUNED.pollInterval, logger: LOGSET,
      done_when: 'job table empty', enqueue: 'addJobs batches of 1000 before the clock', ...(ok ? {} : { timeout: true }) });
  },
  async L() {
    const n = sizes.L, rate = sizes.L_RATE; await clean();
    const sentAt = new Array(n), delays = [];
    const w = await startRunner(LATENCY, p => { delays.push(nowMs() - sentAt[p.i]); });
    await sleep(1000); // workers idle and listening
    await steady(n, rate, i => utils.addJob(TASK, args(i)), sentAt);
    await until(() => delays.length >= n, 10, 30000);
    await w.stop();
    delays.sort((a, b) => a - b);
    const st = { jobs: n, rate, got: delays.length, ...(delays.length < n ? { missing: n - delays.length } : {}), concurrency: LATENCY.concurrency, localQueue: 'off', completeJobBatchDelay: LATENCY.completeJobBatchDelay,
      wakeup: 'LISTEN/NOTIFY', pollInterval_ms: LATENCY.pollInterval, logger: LOGSET, clock: 'performance.now, same process; delay = handler start - time before addJob' };
    report('L.p50', round(pct(delays, 0.5), 2), 'ms', st);
    report('L.p99', round(pct(delays, 0.99), 2), 'ms', st);
    report('L.max', round(delays[delays.length - 1], 2), 'ms', st);
  },
  async S() {
    const secs = sizes.S_SECONDS, window = sizes.S_WINDOW, b = sizes.BATCH; await clean();
    let handled = 0;
    const w = await startRunner(TUNED, () => { handled++; });
    await sleep(500);
    const state = { enqueued: 0, batches: 0 };
    let stop = false;
    const t = performance.now();
    const producer = Promise.all(Array.from({ length: sizes.S_PRODUCERS }, () => windowProducer({ window, batch: b, completed: () => handled, insertBatch: addBatch, stop: () => stop, state })));
    await sleep(secs * 1000);
    stop = true; await producer;
    const left = await remaining(); // completed = enqueued - rows still in the table (deleted on completion)
    const el = performance.now() - t;
    const completed = state.enqueued - left;
    await w.stop();
    report('S', round(per(completed, el)), 'jobs/s', { seconds: round(el / 1000, 2), window, batch: b, producers: sizes.S_PRODUCERS, method: 'addJobs',
      enqueued: state.enqueued, completed, final_backlog: left, concurrency: TUNED.concurrency, localQueue: TUNED.localQueue,
      completeJobBatchDelay: TUNED.completeJobBatchDelay, logger: LOGSET, completed_counted: 'in the database (enqueued - rows left)' });
  },
};

const failed = await runScenarios(scenarioFns, report, `${SYSTEM} ${version}`);
try { await clean(); } catch {}
await utils.release();
await pool.end();
process.exit(failed ? 1 : 0);
