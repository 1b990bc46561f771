/**
 * Side-by-side cost of two redaction engines in one process: this checkout's `@seclog/redaction` and a baseline
 * build (e.g. a `git worktree` of an earlier commit) given by `SECLOG_BASELINE_DIST` (path of its `dist/index.js`).
 * Rounds alternate the order of the engines, and each keeps its best round, so drift on a shared machine hits both
 * alike. Time is process CPU time (`process.cpuUsage`), less disturbed by other tenants than wall time.
 *
 * Run: `pnpm exec tsc -b packages/redaction && SECLOG_BASELINE_DIST=/tmp/base/packages/redaction/dist/index.js
 * node --expose-gc packages/redaction/bench/compare-engines.ts` (`SECLOG_BENCH_ROUNDS`, default 12).
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createRedactor } from '@seclog/redaction';
import { type BenchRecord, w1, w2, w3, w4, w5, w6, w7, w8 } from './workloads.ts';

interface Engine {
  name: string;
  /** Redacts one record the way `seclogRecord` in redaction.bench.ts does (full mode). */
  record(rec: BenchRecord): unknown;
  text(s: string): unknown;
  /** The same with the whole MiB scanned (W7). */
  wholeText(s: string): unknown;
}

type CreateRedactor = typeof createRedactor;
const HMAC = { kid: 'bench', key: new Uint8Array(32).fill(7) };
const WHOLE = { maxScanBytes: 2 * 1024 * 1024, maxTotalStringBytes: 4 * 1024 * 1024 };
const ROUNDS = Number(process.env.SECLOG_BENCH_ROUNDS ?? 12);
/** CPU milliseconds one measurement should last at least (repeats the batch until then). */
const MIN_MS = 40;

function engine(name: string, create: CreateRedactor): Engine {
  const full = create({ hmac: HMAC });
  const whole = create({ hmac: HMAC, limits: WHOLE });
  return {
    name,
    record: (rec) => ({ body: full.redactValue(rec.body), attributes: full.redactAttributes(rec.attributes) }),
    text: (s) => full.redactValue(s),
    wholeText: (s) => whole.redactValue(s),
  };
}

let sink: unknown;

/** CPU milliseconds per call of `fn` over `items`, repeating the batch until `MIN_MS` have passed. */
function cpuMsPerItem<T>(items: readonly T[], fn: (item: T) => unknown): number {
  (globalThis as { gc?: () => void }).gc?.();
  let reps = 0;
  const t0 = process.cpuUsage();
  let elapsed = 0;
  do {
    for (const it of items) sink = fn(it);
    reps++;
    const d = process.cpuUsage(t0);
    elapsed = (d.user + d.system) / 1000;
  } while (elapsed < MIN_MS);
  return elapsed / (reps * items.length);
}

interface Case {
  name: string;
  run: (e: Engine) => number;
  unit: 'µs/rec' | 'MB/s' | 'ms/MiB';
  bytes?: number;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const w of [w1(), w2(), w3(), w4(), w5(), w6()]) {
    out.push({ name: w.id, unit: 'µs/rec', run: (e) => cpuMsPerItem(w.records, (r) => e.record(r)) * 1000 });
  }
  for (const rate of [0.05, 0.5]) {
    const { lines } = w8(rate);
    const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0) / lines.length;
    out.push({ name: `W8 ${rate * 100}%`, unit: 'MB/s', bytes, run: (e) => cpuMsPerItem(lines, (l) => e.text(l)) });
  }
  for (const { name, text } of w7()) {
    const scale = (1024 * 1024) / text.length;
    out.push({ name: `W7 ${name}`, unit: 'ms/MiB', run: (e) => cpuMsPerItem([text], (t) => e.wholeText(t)) * scale });
  }
  return out;
}

function display(c: Case, msOrUs: number): number {
  // W8 measures ms per line: convert to MB/s.
  return c.unit === 'MB/s' ? (c.bytes as number) / 1e6 / (msOrUs / 1000) : msOrUs;
}

async function main(): Promise<void> {
  const baselinePath = process.env.SECLOG_BASELINE_DIST;
  if (baselinePath === undefined) throw new Error('set SECLOG_BASELINE_DIST to the baseline dist/index.js');
  const baseline = (await import(pathToFileURL(baselinePath).href)) as { createRedactor: CreateRedactor };
  const engines = [engine('baseline', baseline.createRedactor), engine('current', createRedactor)];
  console.log(
    `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${new Date().toISOString()}, ` +
      `load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, ${ROUNDS} rounds`,
  );
  const list = cases();
  const best = list.map(() => [Infinity, Infinity]);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    list.forEach((c, i) => {
      for (const k of order) best[i]![k] = Math.min(best[i]![k] as number, c.run(engines[k] as Engine));
    });
    console.error(`round ${round + 1}/${ROUNDS} done`);
  }
  console.log(
    `load at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('\n| Workload | unit | baseline | current | current / baseline |\n|---|---|---|---|---|');
  list.forEach((c, i) => {
    const [b, n] = best[i] as [number, number];
    const ratio = n / b; // CPU time per item, current over baseline: > 1 is slower
    const fmt = (x: number) => display(c, x).toFixed(c.unit === 'ms/MiB' ? 1 : 2);
    console.log(`| ${c.name} | ${c.unit} | ${fmt(b)} | ${fmt(n)} | ${ratio.toFixed(2)}× time |`);
  });
  void sink;
}

await main();
