/**
 * Side-by-side cost of two redaction engines: this checkout's `@seclog/redaction` and a baseline build (e.g. a
 * `git worktree` of an earlier commit) given by `SECLOG_BASELINE_DIST` (path of its `dist/index.js`). Each engine
 * runs in its own child process (no shared JIT state, as in an application with one redactor); the parent asks them
 * in turn for one measurement at a time, alternating which goes first, and keeps each engine's best round, so
 * drift on a shared machine hits both alike. Both clocks are reported: process CPU time (`process.cpuUsage`: all
 * threads, so concurrent GC and JIT work count; less disturbed by other tenants) and wall time (what a caller
 * waits; disturbed by CPU steal).
 *
 * The last column is the current engine's CPU time over `JSON.stringify` of the same items (what an exporter pays
 * anyway), measured in the same child.
 *
 * Run: `pnpm exec tsc -b packages/redaction && SECLOG_BASELINE_DIST=/tmp/base/packages/redaction/dist/index.js
 * node packages/redaction/bench/compare-engines.ts` (`SECLOG_BENCH_ROUNDS`, default 12; `SECLOG_BENCH_ONLY=W6,W8`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { createRedactor } from '@seclog/redaction';
import { type BenchRecord, w1, w2, w3, w4, w5, w6, w7, w8 } from './workloads.ts';

type CreateRedactor = typeof createRedactor;
const HMAC = { kid: 'bench', key: new Uint8Array(32).fill(7) };
const WHOLE = { maxScanBytes: 2 * 1024 * 1024, maxTotalStringBytes: 4 * 1024 * 1024 };
const ROUNDS = Number(process.env.SECLOG_BENCH_ROUNDS ?? 12);
/** CPU milliseconds one measurement lasts at least (the batch is repeated until then). */
const MIN_MS = 100;
/**
 * CPU milliseconds each case runs before the first measurement. Measured: both engines need a few hundred
 * milliseconds of a workload before V8 has optimised its paths; no `gc()` is forced between windows either (a
 * forced GC drops optimised code that embeds weak references, so every window would re-measure warm-up).
 */
const WARMUP_MS = 300;

/** Milliseconds per item of one measurement: process CPU time and wall time. */
interface Timing {
  cpu: number;
  wall: number;
}

interface Case {
  name: string;
  unit: 'µs/rec' | 'MB/s' | 'ms/MiB';
  /** W8: mean bytes per line, to print MB/s. */
  bytes?: number;
  /** Multiplies ms per item into the unit (µs per record, ms per MiB). */
  scale: number;
  items: readonly unknown[];
  kind: 'record' | 'text' | 'whole';
}

/** `SECLOG_BENCH_ONLY=W6,W8`: only the cases whose name starts with one of these. */
const ONLY = process.env.SECLOG_BENCH_ONLY?.split(',').filter((x) => x !== '');

function cases(): Case[] {
  const out = allCases();
  return ONLY === undefined ? out : out.filter((c) => ONLY.some((o) => c.name.startsWith(o)));
}

function allCases(): Case[] {
  const out: Case[] = [];
  for (const w of [w1(), w2(), w3(), w4(), w5(), w6()]) {
    out.push({ name: w.id, unit: 'µs/rec', scale: 1000, items: w.records, kind: 'record' });
  }
  for (const rate of [0.05, 0.5]) {
    const { lines } = w8(rate);
    const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0) / lines.length;
    out.push({ name: `W8 ${rate * 100}%`, unit: 'MB/s', bytes, scale: 1, items: lines, kind: 'text' });
  }
  for (const { name, text } of w7()) {
    out.push({ name: `W7 ${name}`, unit: 'ms/MiB', scale: (1024 * 1024) / text.length, items: [text], kind: 'whole' });
  }
  return out;
}

let sink: unknown;

/** Child: loads one engine and answers `{ index }` messages with the Timing of that case. */
async function child(enginePath: string): Promise<void> {
  const { createRedactor: create } = (await import(pathToFileURL(enginePath).href)) as {
    createRedactor: CreateRedactor;
  };
  const full = create({ hmac: HMAC });
  const whole = create({ hmac: HMAC, limits: WHOLE });
  const list = cases();
  const run: Record<Case['kind'], (item: unknown) => unknown> = {
    record: (r) => {
      const rec = r as BenchRecord;
      return { body: full.redactValue(rec.body), attributes: full.redactAttributes(rec.attributes) };
    },
    text: (s) => full.redactValue(s),
    whole: (s) => whole.redactValue(s),
  };
  const measure = (c: Case, minMs: number): Timing => {
    const fn = run[c.kind];
    let reps = 0;
    const w0 = performance.now();
    const t0 = process.cpuUsage();
    let elapsed = 0;
    do {
      for (const it of c.items) sink = fn(it);
      reps++;
      const d = process.cpuUsage(t0);
      elapsed = (d.user + d.system) / 1000;
    } while (elapsed < minMs);
    const n = reps * c.items.length;
    return { cpu: (elapsed / n) * c.scale, wall: ((performance.now() - w0) / n) * c.scale };
  };
  // What every exporter pays anyway for the same item: its JSON serialization (the issue-14 yardstick).
  const stringify = (c: Case, minMs: number): Timing => {
    let reps = 0;
    const w0 = performance.now();
    const t0 = process.cpuUsage();
    let elapsed = 0;
    do {
      for (const it of c.items) sink = JSON.stringify(it);
      reps++;
      const d = process.cpuUsage(t0);
      elapsed = (d.user + d.system) / 1000;
    } while (elapsed < minMs);
    const n = reps * c.items.length;
    return { cpu: (elapsed / n) * c.scale, wall: ((performance.now() - w0) / n) * c.scale };
  };
  for (const c of list) measure(c, WARMUP_MS);
  process.on('message', (msg: { index: number; stringify?: boolean }) => {
    const c = list[msg.index] as Case;
    process.send?.(msg.stringify === true ? stringify(c, MIN_MS) : measure(c, MIN_MS));
  });
  process.send?.('ready');
  void sink;
}

function ask(p: ChildProcess, index: number, stringify = false): Promise<Timing> {
  return new Promise((resolve) => {
    p.once('message', (t) => resolve(t as Timing));
    p.send({ index, stringify });
  });
}

function spawn(enginePath: string): Promise<ChildProcess> {
  const p = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, SECLOG_COMPARE_CHILD: enginePath },
  });
  return new Promise((resolve) => p.once('message', () => resolve(p)));
}

function display(c: Case, value: number): string {
  // W8 measures ms per line: print MB/s.
  const v = c.unit === 'MB/s' ? (c.bytes as number) / 1e6 / (value / 1000) : value;
  return v.toFixed(c.unit === 'ms/MiB' ? 1 : 2);
}

async function main(): Promise<void> {
  const baselinePath = process.env.SECLOG_BASELINE_DIST;
  if (baselinePath === undefined) throw new Error('set SECLOG_BASELINE_DIST to the baseline dist/index.js');
  const currentPath = fileURLToPath(import.meta.resolve('@seclog/redaction'));
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(
    `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${new Date().toISOString()}, ` +
      `load ${load()}, ${ROUNDS} rounds`,
  );
  const engines = [await spawn(baselinePath), await spawn(currentPath)];
  const list = cases();
  // best[case][engine] = [cpu, wall], each the minimum over the rounds
  const best = list.map(() => [
    [Infinity, Infinity],
    [Infinity, Infinity],
  ]);
  /** JSON.stringify of the same items (CPU), measured in the current engine's child. */
  const json = list.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (let i = 0; i < list.length; i++) {
      for (const k of order) {
        const t = await ask(engines[k] as ChildProcess, i);
        const b = best[i]![k]!;
        b[0] = Math.min(b[0] as number, t.cpu);
        b[1] = Math.min(b[1] as number, t.wall);
      }
      if (list[i]!.kind !== 'whole') json[i] = Math.min(json[i]!, (await ask(engines[1] as ChildProcess, i, true)).cpu);
    }
    console.error(`round ${round + 1}/${ROUNDS} done`);
  }
  for (const p of engines) p.kill();
  console.log(`load at end ${load()}`);
  console.log(
    '\n| Workload | unit | baseline CPU | current CPU | CPU time ratio | baseline wall | current wall | wall time ratio |' +
      ' current / JSON.stringify (CPU) |' +
      '\n|---|---|---|---|---|---|---|---|---|',
  );
  list.forEach((c, i) => {
    const [[bc, bw], [nc, nw]] = best[i] as [[number, number], [number, number]];
    // Ratios are time per item, current over baseline: > 1 is slower.
    const vsJson = Number.isFinite(json[i]!) ? `${(nc / json[i]!).toFixed(2)}×` : '';
    console.log(
      `| ${c.name} | ${c.unit} | ${display(c, bc)} | ${display(c, nc)} | ${(nc / bc).toFixed(2)}× | ` +
        `${display(c, bw)} | ${display(c, nw)} | ${(nw / bw).toFixed(2)}× | ${vsJson} |`,
    );
  });
}

const childEngine = process.env.SECLOG_COMPARE_CHILD;
if (childEngine === undefined) await main();
else await child(childEngine);
