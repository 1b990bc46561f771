/**
 * The redaction workloads W1–W8 (docs/design/redaction.md#measuring-it) through whole pipelines: the bare SDK,
 * seclog inline and seclog on a worker thread, side by side in one run (issue 14). Per record: CPU of the
 * application's thread (`process.threadCpuUsage`), CPU of all threads (`process.cpuUsage`, the worker included) and
 * `logger.emit()` latency p50/p99. All three write OTLP/JSON to /dev/null (see `file-contenders.ts`).
 * Run: `pnpm bench pipelines`.
 */

import { cpus, loadavg } from 'node:os';
import { type AnyValueMap, SeverityNumber } from '@opentelemetry/api-logs';
import { type BenchRecord, w1, w2, w3, w4, w5, w6, w7, w8 } from '../../redaction/bench/workloads.ts';
import { type FileContender, fileContenders } from './file-contenders.ts';

const ROUNDS = Number(process.env.SECLOG_BENCH_ROUNDS ?? 3);

interface PipelineWorkload {
  id: string;
  title: string;
  records: BenchRecord[];
  /** Records per measured batch: fewer for the large bodies, so that each workload takes seconds, not minutes. */
  batch: number;
}

function workloads(): PipelineWorkload[] {
  const small = [w1(), w2(), w3(), w4(), w5(), w6()].map((w) => ({
    id: w.id,
    title: w.title,
    records: w.records,
    batch: w.id === 'W5' ? 32 : 512,
  }));
  const adversarial = w7().map((t) => ({ body: t.text, attributes: {} }));
  const mixed = w8(0.05).lines.map((body) => ({ body, attributes: { 'service.name': 'api' } }));
  return [
    ...small,
    { id: 'W7', title: 'adversarial 1 MiB bodies, one per shape', records: adversarial, batch: adversarial.length },
    { id: 'W8', title: '40k-line mixed corpus, 5 % dirty lines', records: mixed, batch: 512 },
  ];
}

interface Measured {
  app: number;
  all: number;
  latencies: number[];
}

async function measure(c: FileContender, w: PipelineWorkload, start: number): Promise<Measured> {
  const logger = c.provider.getLogger('bench');
  const emitAt = (k: number) => {
    const r = w.records[k % w.records.length] as BenchRecord;
    logger.emit({
      severityNumber: SeverityNumber.INFO,
      body: r.body as string,
      attributes: r.attributes as AnyValueMap,
    });
  };
  // One untimed batch for CPU (timing each emit costs a little), then the same batch again with every emit timed.
  const before = process.cpuUsage();
  const beforeApp = process.threadCpuUsage();
  for (let i = 0; i < w.batch; i++) emitAt(start + i);
  await c.provider.forceFlush();
  const used = process.cpuUsage(before);
  const usedApp = process.threadCpuUsage(beforeApp);
  const latencies: number[] = [];
  for (let i = 0; i < w.batch; i++) {
    const t0 = performance.now();
    emitAt(start + i);
    latencies.push((performance.now() - t0) * 1000);
  }
  await c.provider.forceFlush();
  return {
    app: (usedApp.user + usedApp.system) / w.batch,
    all: (used.user + used.system) / w.batch,
    latencies,
  };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  const batchOptions = { maxQueueSize: 4096, maxExportBatchSize: 512, scheduledDelayMillis: 60_000 };
  const { contenders, shutdownAll } = fileContenders(batchOptions);
  console.log(
    `Node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} · load ${loadavg()[0]?.toFixed(2)} · ` +
      `per workload and contender: best of ${ROUNDS} alternating rounds for CPU, every emit of the timed batches pooled for latency`,
  );
  console.log('');
  console.log(
    '| workload | contender | app-thread CPU µs / record | × bare | CPU µs / record (all threads) | × bare | emit p50 µs | emit p99 µs | p99 × bare |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  const verdicts: string[] = [];
  for (const w of workloads()) {
    const best = new Map<string, { app: number; all: number; latencies: number[] }>();
    for (const c of contenders) await measure(c, w, 0); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      (globalThis as { gc?: () => void }).gc?.();
      for (const c of round % 2 === 0 ? contenders : [...contenders].reverse()) {
        const m = await measure(c, w, (round + 1) * w.batch);
        const prev = best.get(c.name);
        best.set(c.name, {
          app: Math.min(prev?.app ?? Number.POSITIVE_INFINITY, m.app),
          all: Math.min(prev?.all ?? Number.POSITIVE_INFINITY, m.all),
          latencies: [...(prev?.latencies ?? []), ...m.latencies],
        });
      }
    }
    const rows = contenders.map((c) => {
      const b = best.get(c.name) as Measured;
      const sorted = b.latencies.sort((x, y) => x - y);
      return { name: c.name, app: b.app, all: b.all, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
    });
    const [bare, , worker] = rows;
    if (!bare || !worker) throw new Error('three contenders expected');
    for (const r of rows) {
      console.log(
        `| ${w.id} ${w.title} | ${r.name} | ${r.app.toFixed(2)} | ${(r.app / bare.app).toFixed(2)}× | ${r.all.toFixed(2)} | ` +
          `${(r.all / bare.all).toFixed(2)}× | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.p99 / bare.p99).toFixed(2)}× |`,
      );
    }
    const ok = (ratio: number, target: number) => `${ratio.toFixed(2)}× ${ratio <= target ? 'met' : 'MISSED'}`;
    verdicts.push(
      `| ${w.id} | ${ok(worker.app / bare.app, 1.5)} | ${ok(worker.all / bare.all, 3)} | ${ok(worker.p99 / bare.p99, 2)} |`,
    );
  }
  await shutdownAll();
  console.log('');
  console.log(
    "Worker pipeline against the targets of issue 14 (app's thread ≤ 1.5×, all threads ≤ 3×, emit p99 ≤ 2×):",
  );
  console.log('');
  console.log("| workload | app's-thread CPU | CPU, all threads | emit p99 |");
  console.log('|---|---|---|---|');
  for (const v of verdicts) console.log(v);
}

await main();
