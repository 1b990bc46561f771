import { generateKeyPairSync } from 'node:crypto';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it, vi } from 'vitest';
import type { DeliveryOptions } from '../src/delivery/delivery-options.js';
import { type CheckpointBody, parseCheckpointBody } from '../src/note/checkpoint-body.js';
import { verifyNote } from '../src/note/signed-note.js';
import { ed25519Signer, parseVerifierKey } from '../src/note/signers.js';
import { IntegrityProcessor } from '../src/processor/integrity-processor.js';

const NS = 'seclog.integrity';
const signer = ed25519Signer(generateKeyPairSync('ed25519').privateKey, { keyName: 'delivery.test' });
const verifier = parseVerifierKey(signer.verifierKey);

type Mode = 'ok' | 'fail' | 'hang';

/** An exporter whose behaviour the test switches: accept, fail, or never answer. */
class ControlledExporter implements LogRecordExporter {
  readonly delivered: ReadableLogRecord[] = [];
  mode: Mode = 'ok';
  calls = 0;
  export(batch: ReadableLogRecord[], done: (r: ExportResult) => void): void {
    this.calls++;
    if (this.mode === 'ok') {
      this.delivered.push(...batch);
      done({ code: ExportResultCode.SUCCESS });
    } else if (this.mode === 'fail') {
      done({ code: ExportResultCode.FAILED });
    }
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** The same, able to write synchronously (like the OTLP/JSON file exporter). */
class SyncExporter extends ControlledExporter {
  exportSync(batch: ReadableLogRecord[]): void {
    if (this.mode !== 'ok') throw new Error('disk full');
    this.delivered.push(...batch);
  }
}

function pipeline(exporter: LogRecordExporter, delivery: DeliveryOptions, maxRecords = 128) {
  const processor = new IntegrityProcessor({
    exporter,
    signer,
    delivery,
    checkpoint: { maxRecords, maxIntervalMs: 3_600_000, heartbeatMs: 3_600_000 },
  });
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'delivery-test' }),
    processors: [processor],
  });
  return { processor, logger: provider.getLogger('app') };
}

function checkpointsOf(records: readonly ReadableLogRecord[]): CheckpointBody[] {
  return records
    .filter((r) => r.eventName === `${NS}.checkpoint`)
    .map((r) => {
      const v = verifyNote(String(r.body), [verifier]);
      if (!v.ok) throw new Error('checkpoint does not verify');
      return parseCheckpointBody(v.text);
    });
}

const appSeqs = (records: readonly ReadableLogRecord[]) =>
  records
    .filter((r) => typeof r.body === 'string' && r.body.startsWith('r'))
    .map((r) => Number(r.attributes[`${NS}.seq`]));

/**
 * The delivery guarantee, checked from what reached the exporter alone: every emitted record arrived, or its seq is
 * in a signed `d` range, or it is counted in a signed `x` line — and the checkpoints form one unbroken chain.
 */
function expectEveryRecordAccountedFor(records: readonly ReadableLogRecord[], emitted: number): void {
  const cps = checkpointsOf(records);
  expect(cps.map((c) => c.index)).toEqual(cps.map((_, i) => i));
  const delivered = new Set(appSeqs(records));
  const declared = new Set<number>();
  for (const c of cps) for (const r of c.droppedRanges ?? []) for (let s = r.start; s < r.end; s++) declared.add(s);
  const refused = cps.reduce((n, c) => n + (c.refusedRecords ?? 0), 0);
  // Seq 0 is genesis; resource snapshots would also take seqs, but this resource is fixed.
  const sealed = cps.at(-1)!.treeSize - 1;
  for (let seq = 1; seq <= sealed; seq++) expect(delivered.has(seq) || declared.has(seq)).toBe(true);
  expect(sealed + refused).toBe(emitted);
}

describe('delivery with an exporter that cannot keep up', () => {
  it('refuses records when the queue is full, counts them and declares them (x) in the next checkpoint', async () => {
    const exporter = new ControlledExporter();
    exporter.mode = 'hang';
    const { processor, logger } = pipeline(exporter, { maxQueueSize: 8, exportTimeoutMillis: 50 });
    for (let i = 0; i < 20; i++) logger.emit({ body: `r${i}` });
    expect(processor.stats().delivery.refusedRecords).toBe(12);
    exporter.mode = 'ok';
    await processor.shutdown();
    const cps = checkpointsOf(exporter.delivered);
    expect(cps.reduce((n, c) => n + (c.refusedRecords ?? 0), 0)).toBe(12);
    expect(appSeqs(exporter.delivered).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expectEveryRecordAccountedFor(exporter.delivered, 20);
  });

  it('drops a batch after its last attempt, declares its seqs (d), and never drops a checkpoint', async () => {
    const exporter = new ControlledExporter();
    exporter.mode = 'fail';
    const { processor, logger } = pipeline(exporter, { maxExportAttempts: 2, flushTimeoutMillis: 1500 });
    for (let i = 0; i < 5; i++) logger.emit({ body: `r${i}` });
    await processor.forceFlush();
    expect(processor.stats().delivery.droppedRecords).toBe(5);
    exporter.mode = 'ok';
    await processor.shutdown();
    const cps = checkpointsOf(exporter.delivered);
    expect(cps.flatMap((c) => c.droppedRanges ?? [])).toEqual([{ start: 1, end: 6 }]);
    expect(appSeqs(exporter.delivered)).toEqual([]);
    expect(cps.at(-1)!.final).toBe(true);
    expectEveryRecordAccountedFor(exporter.delivered, 5);
  });

  it('keeps every checkpoint through a long outage, refusing records once the checkpoint lane is full', async () => {
    const exporter = new ControlledExporter();
    exporter.mode = 'fail';
    const { processor, logger } = pipeline(exporter, { maxPendingCheckpoints: 6, maxExportAttempts: 1000 }, 2);
    for (let i = 0; i < 40; i++) logger.emit({ body: `r${i}` });
    await new Promise((r) => setTimeout(r, 50));
    const during = processor.stats();
    expect(during.delivery.refusedRecords).toBeGreaterThan(0);
    expect(during.delivery.queuedCheckpoints + during.checkpointsPending).toBeLessThanOrEqual(6);
    exporter.mode = 'ok';
    await processor.shutdown();
    expectEveryRecordAccountedFor(exporter.delivered, 40);
  });
});

describe('delivery to a synchronous exporter', () => {
  it('applies back-pressure instead of refusing: a burst of 10,000 records in one turn loses none', async () => {
    const exporter = new SyncExporter();
    const { processor, logger } = pipeline(exporter, { maxQueueSize: 256 });
    for (let i = 0; i < 10_000; i++) logger.emit({ body: `r${i}` });
    expect(processor.stats().delivery.queuedRecords).toBeLessThanOrEqual(256);
    await processor.shutdown();
    expect(processor.stats().delivery).toMatchObject({ refusedRecords: 0, droppedRecords: 0, undeliveredRecords: 0 });
    expect(appSeqs(exporter.delivered)).toHaveLength(10_000);
    expectEveryRecordAccountedFor(exporter.delivered, 10_000);
  });

  it('signs checkpoints synchronously when a one-turn burst fills the lane with unsigned ones (no refusal)', async () => {
    const exporter = new SyncExporter();
    const { processor, logger } = pipeline(exporter, { maxPendingCheckpoints: 8 }, 16);
    for (let i = 0; i < 5000; i++) logger.emit({ body: `r${i}` });
    expect(processor.stats().delivery.refusedRecords).toBe(0);
    await processor.shutdown();
    expectEveryRecordAccountedFor(exporter.delivered, 5000);
    expect(appSeqs(exporter.delivered)).toHaveLength(5000);
  });

  it('finishSync writes the queued records and a final checkpoint without waiting (process exit)', () => {
    const exporter = new SyncExporter();
    const { logger, processor } = pipeline(exporter, {});
    for (let i = 0; i < 7; i++) logger.emit({ body: `r${i}` });
    processor.finishSync();
    const cps = checkpointsOf(exporter.delivered);
    expect(cps.at(-1)).toMatchObject({ final: true, treeSize: 8 });
    expect(appSeqs(exporter.delivered)).toHaveLength(7);
  });
});

describe('shutdown with the endpoint down', () => {
  it('returns within the flush budget and spills the records and the final checkpoint that declares them', async () => {
    const exporter = new ControlledExporter();
    exporter.mode = 'hang';
    const spill = new SyncExporter();
    const warnings: string[] = [];
    const { processor, logger } = pipeline(exporter, {
      exportTimeoutMillis: 10_000,
      flushTimeoutMillis: 400,
      spill,
      onWarning: (m) => warnings.push(m),
    });
    for (let i = 0; i < 10; i++) logger.emit({ body: `r${i}` });
    const started = performance.now();
    await processor.shutdown();
    const took = performance.now() - started;
    expect(took).toBeLessThan(400 + 100);
    const final = checkpointsOf(spill.delivered).at(-1)!;
    expect(final).toMatchObject({ final: true, treeSize: 11, droppedRanges: [{ start: 1, end: 11 }] });
    expect(appSeqs(spill.delivered)).toHaveLength(10);
    expect(processor.stats().delivery).toMatchObject({ undeliveredRecords: 0, spilledEntries: 12 });
    expect(warnings).toEqual([]);
  });

  it('without a spill, counts the undelivered records and warns once', async () => {
    const exporter = new ControlledExporter();
    exporter.mode = 'hang';
    const warnings: string[] = [];
    const { processor, logger } = pipeline(exporter, { flushTimeoutMillis: 200, onWarning: (m) => warnings.push(m) });
    for (let i = 0; i < 10; i++) logger.emit({ body: `r${i}` });
    await processor.shutdown();
    expect(processor.stats().delivery.undeliveredRecords).toBe(10);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/10 undelivered at shutdown/);
  });
});

describe('losses are visible in process', () => {
  it('publishes seclog.records.dropped by reason, exports, failures and queue depth through the MeterProvider', async () => {
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
    const meterProvider = new MeterProvider({ readers: [reader] });
    const exporter = new ControlledExporter();
    exporter.mode = 'hang';
    const { processor, logger } = pipeline(exporter, {
      maxQueueSize: 4,
      exportTimeoutMillis: 20,
      maxExportAttempts: 1,
      flushTimeoutMillis: 300,
      meterProvider,
      onWarning: () => {},
    });
    for (let i = 0; i < 10; i++) logger.emit({ body: `r${i}` });
    await processor.forceFlush();
    await reader.forceFlush();
    const metrics = metricExporter.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics));
    const points = (name: string) =>
      metrics
        .filter((m) => m.descriptor.name === name)
        .flatMap((m) => m.dataPoints.map((p) => ({ attrs: p.attributes, value: p.value })));
    expect(points('seclog.records.dropped')).toEqual(
      expect.arrayContaining([
        { attrs: { reason: 'queue_full' }, value: 6 },
        { attrs: { reason: 'export_failed' }, value: 4 },
      ]),
    );
    expect((points('seclog.export.failures')[0]?.value as number) > 0).toBe(true);
    expect(points('seclog.queue.depth')).toHaveLength(1);
    expect(points('seclog.queue.checkpoints')).toHaveLength(1);
    await processor.shutdown();
  });

  it('warns at the first loss, then at most every 30 s with the count since the last warning', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const exporter = new ControlledExporter();
      exporter.mode = 'hang';
      const warnings: string[] = [];
      const { logger } = pipeline(exporter, {
        maxQueueSize: 2,
        flushTimeoutMillis: 50,
        onWarning: (m) => warnings.push(m),
      });
      for (let i = 0; i < 5; i++) logger.emit({ body: `r${i}` });
      expect(warnings).toEqual([expect.stringMatching(/^seclog: log records not delivered: 1 refused/)]);
      vi.advanceTimersByTime(10_000);
      for (let i = 0; i < 5; i++) logger.emit({ body: `r${i}` });
      expect(warnings).toHaveLength(1);
      vi.advanceTimersByTime(25_000);
      logger.emit({ body: 'r' });
      expect(warnings).toHaveLength(2);
      expect(warnings[1]).toMatch(/: 8 refused/);
    } finally {
      vi.useRealTimers();
    }
  });
});
