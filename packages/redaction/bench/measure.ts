/**
 * A thin layer over tinybench: runs contenders of one workload in the same process, alternating rounds so that
 * drift (shared CPU, JIT, GC) hits every contender alike, and reports median/p99 per operation and throughput.
 */
import { Bench } from 'tinybench';

export interface Contender {
  name: string;
  /** Processes the whole batch once. */
  run: () => unknown;
}

export interface Measurement {
  name: string;
  /** Median nanoseconds per item (batch time / items). */
  medianNs: number;
  p99Ns: number;
  opsPerSec: number;
  /** MB/s over `bytesPerBatch` (10^6 bytes). */
  mbPerSec: number;
  samples: number;
}

export let sink: unknown;

/**
 * Measures each contender over `rounds` alternating rounds of `timeMs` each and keeps, per contender, the round
 * with the lowest median (the least disturbed by the shared machine).
 */
export async function measure(
  contenders: readonly Contender[],
  itemsPerBatch: number,
  bytesPerBatch: number,
  timeMs = 250,
  rounds = 2,
): Promise<Measurement[]> {
  const best = new Map<string, Measurement>();
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    const bench = new Bench({ time: timeMs, warmupTime: Math.min(100, timeMs), iterations: 5 });
    for (const c of order) {
      bench.add(c.name, () => {
        sink = c.run();
      });
    }
    (globalThis as { gc?: () => void }).gc?.();
    await bench.run();
    for (const task of bench.tasks) {
      const r = task.result;
      if (r.state !== 'completed') throw new Error(`benchmark ${task.name} did not complete: ${r.state}`);
      const medianMs = r.latency.p50;
      const m: Measurement = {
        name: task.name,
        medianNs: (medianMs * 1e6) / itemsPerBatch,
        p99Ns: (r.latency.p99 * 1e6) / itemsPerBatch,
        opsPerSec: medianMs > 0 ? (1000 / medianMs) * itemsPerBatch : Number.POSITIVE_INFINITY,
        mbPerSec: medianMs > 0 ? bytesPerBatch / 1e6 / (medianMs / 1000) : Number.POSITIVE_INFINITY,
        samples: r.latency.samplesCount ?? 0,
      };
      const prev = best.get(task.name);
      if (!prev || m.medianNs < prev.medianNs) best.set(task.name, m);
    }
  }
  return contenders.map((c) => best.get(c.name) as Measurement);
}

const fmt = (x: number, digits = 0): string =>
  Number.isFinite(x)
    ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '∞';

/** Markdown rows for one workload: ratios are relative to `baseline` (and `reference` when given). */
export function formatRows(
  workload: string,
  ms: readonly Measurement[],
  baseline: string,
  reference?: string,
): string[] {
  const base = ms.find((m) => m.name === baseline);
  const ref = reference ? ms.find((m) => m.name === reference) : undefined;
  return ms.map(
    (m) =>
      `| ${workload} | ${m.name} | ${fmt(m.medianNs)} | ${fmt(m.p99Ns)} | ${fmt(m.opsPerSec)} | ${fmt(m.mbPerSec, 1)} | ${
        base ? `${(m.medianNs / base.medianNs).toFixed(2)}×` : ''
      } | ${ref ? `${(m.medianNs / ref.medianNs).toFixed(2)}×` : ''} |`,
  );
}

export const TABLE_HEADER = [
  '| Workload | Contender | median ns/op | p99 ns/op | ops/s | MB/s | vs JSON.stringify | vs fast-redact (no serialize) |',
  '|---|---|---|---|---|---|---|---|',
];
