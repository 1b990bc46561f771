/**
 * Whole seclog chain per record (SecurityEventProcessor + RedactionProcessor + IntegrityProcessor + batch + OTLP
 * protobuf encode) as a ratio to the bare SDK chain (batch + OTLP protobuf encode) on the same records: CPU time per
 * record of the whole process (all threads) and of the application's thread alone (`process.threadCpuUsage`), and
 * the latency of each `logger.emit()` call (p50, p99: what the request path waits).
 * Run: `pnpm bench chain` (each bench file runs in its own Node process with --expose-gc).
 */

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { type Logger, SeverityNumber } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchLogRecordProcessor,
  LoggerProvider,
  type LogRecordExporter,
  type ReadableLogRecord,
} from '@opentelemetry/sdk-logs';
import { ed25519Signer, IntegrityProcessor } from '@seclog/integrity';
import { startSecureLogging } from '@seclog/node';
import { RedactionProcessor } from '@seclog/redaction';
import { SecurityEventProcessor } from '@seclog/semconv';
import { arrivalRateCpu, RECORDS_PER_TURN } from './arrival-rates.ts';
import { fileContenders } from './file-contenders.ts';

const RECORDS_PER_BATCH = 512;
const BATCHES_PER_ROUND = 20;
const ROUNDS = Number(process.env.SECLOG_BENCH_ROUNDS ?? 10);
/** Batches per round whose every `emit()` is timed (separately from the CPU windows: timing costs a little). */
const TIMED_BATCHES_PER_ROUND = 4;

/** Encodes every batch to OTLP protobuf (the work a real exporter does before the network) and discards it. */
class EncodingExporter implements LogRecordExporter {
  bytes = 0;
  export(logs: ReadableLogRecord[], done: (r: { code: ExportResultCode }) => void): void {
    this.bytes += ProtobufLogsSerializer.serializeRequest(logs)?.byteLength ?? 0;
    done({ code: ExportResultCode.SUCCESS });
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** A realistic mix: a request log, an app line, a pino-style structured body and a security event. */
function emitMix(logger: Logger, i: number): void {
  switch (i % 4) {
    case 0:
      logger.emit({
        severityNumber: SeverityNumber.INFO,
        body: 'GET /orders/:orderId 200 3.4ms',
        attributes: {
          'http.request.method': 'GET',
          'http.route': '/orders/:orderId',
          'http.response.status_code': 200,
          'url.scheme': 'https',
          'client.address': '198.51.100.23',
          'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/135.0',
          'http.response.body.size': 1832,
          'seclog.request.id': '4bf92f3577b34da6a3ce929d0e0e4736',
          'seclog.request.duration_ms': 3.412,
        },
      });
      return;
    case 1:
      logger.emit({
        severityNumber: SeverityNumber.INFO,
        body: `order ${10_000 + i} paid: 3 items, total 129.90 EUR, shipping to warehouse DE-7`,
        attributes: { 'order.id': `o-${10_000 + i}`, 'cart.items': 3, 'cart.total': 129.9 },
      });
      return;
    case 2:
      logger.emit({
        severityNumber: SeverityNumber.WARN,
        body: 'inventory below threshold',
        attributes: {
          sku: 'SKU-88812',
          warehouse: { id: 'DE-7', zone: 'B', shelf: 14 },
          levels: [4, 2, 0],
          hostname: 'shop-7c9f',
          pid: 4242,
        },
      });
      return;
    default:
      logger.emit({
        eventName: 'security_event.authentication.login',
        severityNumber: SeverityNumber.WARN,
        body: 'login failed',
        attributes: {
          'security_event.category': 'authentication',
          'security_event.outcome': 'failure',
          'security_event.actor.type': 'anonymous',
          'security_event.auth.method': 'password',
          'error.type': 'invalid_credentials',
          'user.name': 'bob',
          'client.address': '203.0.113.7',
          'user_agent.original': 'python-requests/2.32',
          'log.record.uid': `01JD${String(i).padStart(22, '0')}`,
        },
      });
  }
}

async function main(): Promise<void> {
  const resourceAttributes = { 'service.name': 'bench', 'service.version': '1.0.0', 'service.instance.id': 'i-1' };
  const batchOptions = { maxQueueSize: 4096, maxExportBatchSize: RECORDS_PER_BATCH, scheduledDelayMillis: 60_000 };

  const bareExporter = new EncodingExporter();
  const bare = new LoggerProvider({
    resource: resourceFromAttributes(resourceAttributes),
    processors: [new BatchLogRecordProcessor({ exporter: bareExporter, ...batchOptions })],
  });
  const bareLogger = bare.getLogger('bench');

  const secureExporter = new EncodingExporter();
  const secure = startSecureLogging({
    serviceName: 'bench',
    serviceVersion: '1.0.0',
    serviceInstanceId: 'i-1',
    mode: 'development',
    exporter: secureExporter,
    delivery: batchOptions,
    registerGlobal: false,
    handleSignals: false,
    securityEventMode: 'safe',
    notice: () => {},
  });
  const secureLogger = secure.loggerProvider.getLogger('bench');

  // One stage at a time on top of the bare chain, to show where the cost goes.
  const signingKey = generateKeyPairSync('ed25519').privateKey;
  const stage = (name: string) => {
    const exporter = new EncodingExporter();
    const batch = new BatchLogRecordProcessor({ exporter, ...batchOptions });
    const head =
      name === 'semconv'
        ? new SecurityEventProcessor({ next: batch, mode: 'safe' })
        : name === 'redaction'
          ? new RedactionProcessor({ next: batch, policy: { hmac: { kid: 'k1', key: randomBytes(32) } } })
          : new IntegrityProcessor({
              exporter,
              delivery: batchOptions,
              signer: ed25519Signer(signingKey, { keyName: 'bench' }),
            });
    const provider = new LoggerProvider({ resource: resourceFromAttributes(resourceAttributes), processors: [head] });
    return { logger: provider.getLogger('bench'), provider };
  };
  const stages = ['semconv', 'redaction', 'integrity'].map((name) => ({ name, ...stage(name) }));

  // Issue 14, the worker pipeline beside inline and the bare SDK, all writing OTLP/JSON to /dev/null.
  const files = fileContenders(batchOptions);
  const FILE_CONTENDERS = files.contenders;

  let n = 0;
  const run = (logger: Logger, provider: { forceFlush(): Promise<void> }) => async () => {
    for (let i = 0; i < RECORDS_PER_BATCH; i++) emitMix(logger, n++);
    await provider.forceFlush();
  };
  /** The same batch with every `emit()` timed into `into` from `at`; returns the next free slot. */
  const timed =
    (logger: Logger, provider: { forceFlush(): Promise<void> }) =>
    async (into: Float64Array, at: number): Promise<number> => {
      let k = at;
      for (let i = 0; i < RECORDS_PER_BATCH; i++) {
        const t0 = performance.now();
        emitMix(logger, n++);
        into[k++] = performance.now() - t0;
      }
      await provider.forceFlush();
      return k;
    };
  const contenders = [
    { name: 'bare SDK (batch + OTLP encode)', fn: run(bareLogger, bare), timed: timed(bareLogger, bare) },
    {
      name: 'seclog chain (semconv + redaction + integrity + batch + OTLP encode)',
      fn: run(secureLogger, secure.loggerProvider),
      timed: timed(secureLogger, secure.loggerProvider),
    },
    ...stages.map((s) => ({
      name: `bare + ${s.name} only`,
      fn: run(s.logger, s.provider),
      timed: timed(s.logger, s.provider),
    })),
    ...FILE_CONTENDERS.map((f) => {
      const logger = f.provider.getLogger('bench');
      return { name: f.name, fn: run(logger, f.provider), timed: timed(logger, f.provider) };
    }),
  ];

  // CPU time (process.cpuUsage: every thread, so threadpool signing counts; process.threadCpuUsage: the application's
  // thread alone) rather than wall time: the machine is shared, and CPU time is far less disturbed by other processes
  // than latency. Best of ROUNDS alternating rounds. Emit latencies are pooled over all rounds.
  const best = new Map<string, { total: number; main: number }>();
  const latencies = new Map<string, { samples: Float64Array; count: number }>();
  for (const c of contenders) {
    latencies.set(c.name, {
      samples: new Float64Array(ROUNDS * TIMED_BATCHES_PER_ROUND * RECORDS_PER_BATCH),
      count: 0,
    });
  }
  for (const c of contenders) for (let w = 0; w < 5; w++) await c.fn();
  for (let round = 0; round < ROUNDS; round++) {
    (globalThis as { gc?: () => void }).gc?.();
    for (const c of round % 2 === 0 ? contenders : [...contenders].reverse()) {
      const before = process.cpuUsage();
      const beforeMain = process.threadCpuUsage();
      for (let b = 0; b < BATCHES_PER_ROUND; b++) await c.fn();
      const used = process.cpuUsage(before);
      const usedMain = process.threadCpuUsage(beforeMain);
      const records = BATCHES_PER_ROUND * RECORDS_PER_BATCH;
      const prev = best.get(c.name);
      best.set(c.name, {
        total: Math.min(prev?.total ?? Number.POSITIVE_INFINITY, (used.user + used.system) / records),
        main: Math.min(prev?.main ?? Number.POSITIVE_INFINITY, (usedMain.user + usedMain.system) / records),
      });
      const l = latencies.get(c.name)!;
      for (let b = 0; b < TIMED_BATCHES_PER_ROUND; b++) l.count = await c.timed(l.samples, l.count);
    }
  }
  // Records a few per event-loop turn (a service's requests) instead of 512 in one synchronous loop.
  const arrivals = await arrivalRateCpu(FILE_CONTENDERS, emitMix, Math.max(2, Math.ceil(ROUNDS / 2)));
  await secure.shutdown();
  await bare.shutdown();
  for (const s of stages) await s.provider.shutdown();
  await files.shutdownAll();

  const quantile = (name: string, q: number): number => {
    const l = latencies.get(name)!;
    const sorted = l.samples.subarray(0, l.count).slice().sort();
    return (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN) * 1000;
  };
  const bareName = contenders[0]?.name ?? '';
  const bareCpu = best.get(bareName) ?? { total: Number.NaN, main: Number.NaN };
  const bareP50 = quantile(bareName, 0.5);
  const bareP99 = quantile(bareName, 0.99);
  console.log(
    `Node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} · load ${loadavg()[0]?.toFixed(2)} · ` +
      `${RECORDS_PER_BATCH}-record batches; CPU: best of ${ROUNDS} rounds; emit latency: ` +
      `${ROUNDS * TIMED_BATCHES_PER_ROUND * RECORDS_PER_BATCH} timed emits per contender`,
  );
  console.log(
    '| contender | CPU µs / record (all threads) | ratio | app-thread CPU µs / record | ratio | emit p50 µs | emit p99 µs | p99 ratio |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of contenders) {
    const cpu = best.get(c.name) ?? { total: Number.NaN, main: Number.NaN };
    const p50 = quantile(c.name, 0.5);
    const p99 = quantile(c.name, 0.99);
    console.log(
      `| ${c.name} | ${cpu.total.toFixed(2)} | ${(cpu.total / bareCpu.total).toFixed(2)}× | ${cpu.main.toFixed(2)} | ` +
        `${(cpu.main / bareCpu.main).toFixed(2)}× | ${p50.toFixed(2)} | ${p99.toFixed(2)} | ${(p99 / bareP99).toFixed(2)}× |`,
    );
  }
  const chain = best.get(contenders[1]?.name ?? '') ?? { total: Number.NaN, main: Number.NaN };
  const ratio = chain.total / bareCpu.total;
  const mainRatio = chain.main / bareCpu.main;
  const p99Ratio = quantile(contenders[1]?.name ?? '', 0.99) / bareP99;
  console.log(
    `\nwhole-chain CPU ratio, all threads ${ratio.toFixed(2)}× (target ≤ 3×): ${ratio <= 3 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `app's-thread CPU ratio ${mainRatio.toFixed(2)}× (target ≤ 1.5×): ${mainRatio <= 1.5 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `emit p99 ratio ${p99Ratio.toFixed(2)}× (target ≤ 2×): ${p99Ratio <= 2 ? 'met' : 'MISSED'}; bare p50 ${bareP50.toFixed(2)} µs`,
  );

  // The worker pipeline side by side with inline and the bare SDK, all on the OTLP/JSON file exporter.
  const fileBareName = FILE_CONTENDERS[0]?.name ?? '';
  const fb = best.get(fileBareName) ?? { total: Number.NaN, main: Number.NaN };
  const fbP99 = quantile(fileBareName, 0.99);
  console.log('\nWorker pipeline (issue 14), every contender writing OTLP/JSON lines to /dev/null:');
  console.log(
    '| contender | app-thread CPU µs / record | ratio | CPU µs / record (all threads) | ratio | emit p50 µs | emit p99 µs | p99 ratio |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { name } of FILE_CONTENDERS) {
    const cpu = best.get(name) ?? { total: Number.NaN, main: Number.NaN };
    const p99 = quantile(name, 0.99);
    console.log(
      `| ${name} | ${cpu.main.toFixed(2)} | ${(cpu.main / fb.main).toFixed(2)}× | ${cpu.total.toFixed(2)} | ` +
        `${(cpu.total / fb.total).toFixed(2)}× | ${quantile(name, 0.5).toFixed(2)} | ${p99.toFixed(2)} | ` +
        `${(p99 / fbP99).toFixed(2)}× |`,
    );
  }
  const workerName = FILE_CONTENDERS[2]?.name ?? '';
  const w = best.get(workerName) ?? { total: Number.NaN, main: Number.NaN };
  const verdict = (ratio: number, target: number) =>
    `${ratio.toFixed(2)}× (target ≤ ${target}×): ${ratio <= target ? 'met' : 'MISSED'}`;
  console.log(`\nworker pipeline vs bare: app's-thread CPU ${verdict(w.main / fb.main, 1.5)}`);
  console.log(`worker pipeline vs bare: CPU, all threads ${verdict(w.total / fb.total, 3)}`);
  console.log(`worker pipeline vs bare: emit p99 ${verdict(quantile(workerName, 0.99) / fbP99, 2)}`);

  console.log(
    '\nRecords arriving a few per event-loop turn (app-thread CPU µs / record, best of alternating rounds; the ' +
      'emit loop and the turn itself included, as the application pays them):',
  );
  console.log(`| contender | ${RECORDS_PER_TURN.map((k) => `${k} per turn | ratio`).join(' | ')} |`);
  console.log(`|---|${RECORDS_PER_TURN.map(() => '---:|---:').join('|')}|`);
  const bareByRate = arrivals.get(fileBareName)!;
  for (const { name } of FILE_CONTENDERS) {
    const byRate = arrivals.get(name)!;
    const cells = RECORDS_PER_TURN.map((k) => {
      const v = byRate.get(k) ?? Number.NaN;
      return `${v.toFixed(2)} | ${(v / (bareByRate.get(k) ?? Number.NaN)).toFixed(2)}×`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  const workerByRate = arrivals.get(workerName)!;
  for (const k of RECORDS_PER_TURN) {
    const ratio = (workerByRate.get(k) ?? Number.NaN) / (bareByRate.get(k) ?? Number.NaN);
    console.log(`worker pipeline vs bare, ${k} per turn: app's-thread CPU ${verdict(ratio, 1.5)}`);
  }
}

await main();
