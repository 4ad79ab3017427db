// Shared helpers for the Node peers (../pgboss, ../graphile-worker), imported by relative path.
// stdout carries only the JSON result lines; every log goes to stderr.
import fs from 'node:fs';
import util from 'node:util';

const toStderr = (...a) => process.stderr.write(util.format(...a) + '\n');
console.log = toStderr; console.info = toStderr; console.debug = toStderr; // libraries' own logs stay off stdout
export const log = (...a) => toStderr(`[${new Date().toISOString()}]`, ...a);

export const num = (k, d) => { const v = process.env[k]; return v === undefined || v === '' ? d : Number(v); };
export const sizes = {
  E1: num('BENCH_E1', 10000), E8: num('BENCH_E8', 10000), EB: num('BENCH_EB', 100000), BATCH: num('BENCH_BATCH', 1000),
  D: num('BENCH_D', 100000), L: num('BENCH_L', 2000), L_RATE: num('BENCH_L_RATE', 200), S_SECONDS: num('BENCH_S_SECONDS', 30),
  S_WINDOW: num('BENCH_S_WINDOW', 5000), S_PRODUCERS: num('BENCH_S_PRODUCERS', 2),
};
export const scenarios = (process.env.BENCH_SCENARIOS || 'E1,E8,EB,D,L,S').split(',').map(s => s.trim().toUpperCase()).filter(Boolean);
export const pgUrl = () => process.env.PGURL || undefined; // undefined: node-postgres falls back to PGHOST/PGPORT/PGUSER/PGDATABASE
// Read from the peer's own node_modules (run.sh runs in the peer's folder).
export const pkgVersion = name => JSON.parse(fs.readFileSync(`${process.cwd()}/node_modules/${name}/package.json`)).version;

export const sleep = ms => new Promise(r => setTimeout(r, ms));
export const nowMs = () => performance.timeOrigin + performance.now(); // unix ms, sub-millisecond resolution
export const args = i => ({ i, enqueued_at: Date.now() });
export const round = (v, d = 1) => (v == null || !Number.isFinite(v) ? null : +v.toFixed(d));

export function makeReporter(system, version) {
  return (scenario, value, unit, settings) =>
    process.stdout.write(JSON.stringify({ system, version, scenario, value, unit, settings }) + '\n');
}

// Nearest-rank percentile of an ascending array.
export const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] : null;

// Runs `body` for n items spread over `clients` concurrent loops that share one counter.
export async function shared(n, clients, body) {
  let next = 0;
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let i = next++; i < n; i = next++) await body(i, c);
  }));
}

// Enqueues n jobs in batches of `batch` through `insertBatch(listOfArgs)`.
export async function bulk(n, batch, insertBatch, start = 0) {
  for (let b = 0; b < n; b += batch) {
    const k = Math.min(batch, n - b);
    await insertBatch(Array.from({ length: k }, (_, j) => args(start + b + j)));
  }
}

// Waits until `done()` is true (checked every `everyMs`), or until `capMs` has passed. Returns true when done.
export async function until(done, everyMs, capMs) {
  const t = performance.now();
  while (!(await done())) {
    if (performance.now() - t > capMs) return false;
    await sleep(everyMs);
  }
  return true;
}

// Steady-rate producer for L: calls enqueue(i) at start + i/rate, records the sub-ms send time per job.
export async function steady(n, rate, enqueue, sentAt) {
  const gap = 1000 / rate, start = performance.now();
  for (let i = 0; i < n; i++) {
    const wait = start + i * gap - performance.now();
    if (wait > 0) await sleep(wait);
    sentAt[i] = nowMs();
    await enqueue(i);
  }
}

// S producer: keeps (enqueued - completed()) under `window`, enqueuing with the batch API, until stop() is true.
// completed() is the in-process count of handled jobs (cheap); the figure itself is taken from the database.
export async function windowProducer({ window, batch, completed, insertBatch, stop, state }) {
  const minChunk = Math.max(1, Math.min(batch, Math.floor(window / 5)));
  while (!stop()) {
    const room = window - (state.enqueued - completed());
    if (room < minChunk) { await sleep(1); continue; }
    const k = Math.min(batch, room);
    const list = Array.from({ length: k }, (_, j) => args(state.enqueued + j));
    state.enqueued += k; // counted before the insert so backlog never exceeds the window
    await insertBatch(list);
    state.batches++;
  }
}

// Hard stop so a stuck run never hangs the bench.
export function watchdog(ms, what) {
  const t = setTimeout(() => { log(`watchdog: ${what} exceeded ${Math.round(ms / 1000)} s, exiting`); process.exit(4); }, ms);
  t.unref();
  return t;
}

// Runs the requested scenarios in order; a scenario that throws reports null figures with the error and the run
// goes on. Returns whether any failed (the peer then exits 1).
export async function runScenarios(scenarioFns, report, label) {
  let failed = false;
  for (const s of scenarios) {
    const fn = scenarioFns[s];
    log(`${label}: scenario ${s}`);
    if (!fn) { report(s, null, null, { unsupported: `unknown scenario ${s}` }); continue; }
    try { await fn(); } catch (e) {
      failed = true; log(`${s} failed:`, e?.stack || String(e));
      const names = s === 'L' ? ['L.p50', 'L.p99', 'L.max'] : [s];
      for (const nm of names) report(nm, null, s === 'L' ? 'ms' : 'jobs/s', { error: String(e?.message || e) });
    }
  }
  return failed;
}
