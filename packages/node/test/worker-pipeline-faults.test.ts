/**
 * pipeline: 'worker' under the faults a red-team review found: a record whose own fields (time, severity) are hostile
 * must cost at most that record and be sealed as inline seals it; a record that fails half-way through the hand-off
 * must leave the batch as it was; a worker that dies must have every record it never sealed declared, refusals in
 * flight included; and a shutdown that meets a backlog must end the stream clean, every record sealed or declared.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { type HrTime, type LogRecord, SeverityNumber } from '@opentelemetry/api';
import { LoggerProvider, type LogRecordProcessor, type ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { type VerificationReport, verifyArchive } from '@seclog/integrity';
import { describe, expect, it } from 'vitest';
import { buildSecureChain } from '../src/internal/secure-chain.js';
import { BatchReader } from '../src/internal/worker-pipeline/batch-reader.js';
import { BatchWriter } from '../src/internal/worker-pipeline/batch-writer.js';
import { startWorkerPipeline } from '../src/internal/worker-pipeline/worker-pipeline.js';
import { startSecureLogging } from '../src/start-secure-logging.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'seclog-worker-faults-'));
const quiet = { handleSignals: false, registerGlobal: false, mode: 'development', notice: () => {} } as const;

async function verify(files: string[], publicKeyPem: string): Promise<VerificationReport> {
  return verifyArchive(files, { trust: { publicKeys: [publicKeyPem] } });
}

/** Records whose own fields misbehave, between ordinary records of two scopes (the second defined after them). */
function emitHostileFields(s: ReturnType<typeof startSecureLogging>): number {
  const a = s.loggerProvider.getLogger('a');
  let reads = 0;
  // The SDK checks the array's elements, then keeps the array: a second read throws.
  const timestamp = new Proxy([1_700_000_000, 0], {
    get(target, key) {
      if (key === '0' && ++reads === 2) throw new Error('second read');
      return Reflect.get(target, key);
    },
  }) as unknown as HrTime;
  const throwingSeverity = {
    get value(): never {
      throw new Error('severity');
    },
  } as unknown as SeverityNumber;
  // Would log a record in the middle of this one if anything coerced it; nothing may.
  const loggingSeverity = {
    valueOf() {
      a.emit({ body: 'logged from valueOf' });
      return 9;
    },
  } as unknown as SeverityNumber;
  const hostile: LogRecord[] = [
    { body: 'hostile timestamp', timestamp },
    { body: 'throwing severity', severityNumber: throwingSeverity },
    { body: 'logging severity', severityNumber: loggingSeverity },
  ];
  let emitted = 0;
  a.emit({ body: 'a first' });
  emitted++;
  for (const r of hostile) {
    a.emit(r);
    emitted++;
  }
  const b = s.loggerProvider.getLogger('b');
  for (let i = 0; i < 50; i++) {
    b.emit({ body: `b ${i}`, severityNumber: SeverityNumber.INFO });
    a.emit({ body: `a ${i}` });
    emitted += 2;
  }
  return emitted;
}

describe('a record whose own fields are hostile', () => {
  it('is sealed with the fields it could read, as inline seals it, and the records after it are unaffected', async () => {
    const outcomes: Record<string, number>[] = [];
    for (const pipeline of ['inline', 'worker'] as const) {
      const s = startSecureLogging({ ...quiet, serviceName: `hostile-${pipeline}`, archiveDir: tmp(), pipeline });
      const emitted = emitHostileFields(s);
      const stats = await s.shutdown();
      expect(stats.refusedRecords).toBe(0);
      const report = await verify([s.archivePath!], s.publicKeyPem);
      const counts = report.streams[0]!.records as Record<string, number>;
      // Every record VALID (and the genesis record), none lost or refused, the severities left out.
      expect(counts).toEqual({ VALID: emitted + 1 });
      expect(report.streams[0]!.finalCheckpoint).toBe(true);
      outcomes.push(counts);
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
  });
});

describe('a record that fails half-way through the hand-off', () => {
  it('leaves the batch as it was: no half record, no definition the worker would never read', () => {
    const records: ReadWriteLogRecord[] = [];
    const keep: LogRecordProcessor = {
      onEmit: (r) => records.push(r),
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const provider = new LoggerProvider({ processors: [keep] });
    provider.getLogger('first').emit({ body: 'first' });
    provider.getLogger('second').emit({ body: 'fails' });
    provider.getLogger('second').emit({ body: 'after' });
    // No snapshot taken: an attribute read while the record is written throws after the scope was defined.
    Object.defineProperty(records[1]!.attributes, 'boom', {
      enumerable: true,
      get() {
        throw new Error('read while written');
      },
    });
    const writer = new BatchWriter();
    writer.write(records[0]!);
    const before = writer.bytes;
    expect(() => writer.write(records[1]!)).toThrow('read while written');
    expect(writer.bytes).toBe(before);
    expect(writer.records).toBe(1);
    writer.write(records[2]!);
    const bodies: unknown[] = [];
    const scopes: string[] = [];
    for (const batch of writer.take()) {
      new BatchReader().read(batch.buffer, batch.length, (item) => {
        if (item.kind !== 'record') return;
        bodies.push(item.record.body);
        scopes.push(item.record.instrumentationScope.name);
      });
    }
    expect(bodies).toEqual(['first', 'after']);
    expect(scopes).toEqual(['first', 'second']);
  });
});

describe('a worker that dies with refusals in flight', () => {
  it('has the new stream declare every record it never sealed, the refused ones included', async () => {
    const dir = tmp();
    const fifo = join(dir, 'stalled.otlp.jsonl');
    execFileSync('mkfifo', [fifo]);
    const notices: string[] = [];
    const options = {
      ...quiet,
      serviceName: 'dies',
      pipeline: 'worker' as const,
      // The worker's first write opens the FIFO and blocks there: it stalls, and the hand-off refuses records.
      exporter: { kind: 'file' as const, path: fifo },
      delivery: { maxQueueSize: 16 },
      notice: (m: string) => notices.push(m),
    };
    const chain = buildSecureChain(options);
    const pipeline = startWorkerPipeline(chain, options, 'test');
    const provider = new LoggerProvider({ resource: chain.resource, processors: [pipeline.processor] });
    const logger = provider.getLogger('app');
    const big = 'x'.repeat(64 << 10);
    const emitted = 800;
    for (let i = 0; i < emitted; i++) logger.emit({ body: `${i} ${big}` });
    expect(pipeline.deliveryStats().refusedRecords).toBeGreaterThan(0);
    // The refusal frames go out with the next post, then the worker dies before reading them.
    await new Promise((r) => setImmediate(r));
    const out = join(dir, 'archive.otlp.jsonl');
    // A reader for every writer: the dead worker's, then the inline chain's that takes over.
    const reader = spawn('sh', ['-c', `while true; do cat "$0" >> "$1"; done`, fifo, out], { detached: true });
    await (pipeline as unknown as { worker: Worker }).worker.terminate();
    await new Promise((r) => setImmediate(r));
    const after = 10;
    for (let i = 0; i < after; i++) logger.emit({ body: `after ${i}` });
    await provider.shutdown();
    await new Promise((r) => setTimeout(r, 200));
    process.kill(-(reader.pid as number));

    const report = await verify([out], chain.keys.publicKeyPem);
    const fallback = report.streams.find((s) => s.finalCheckpoint)!;
    const dead = report.streams.filter((s) => s !== fallback);
    const sealedByDead = dead.reduce((n, s) => {
      const c = s.records as Record<string, number>;
      return n + (c.VALID ?? 0) - 1 + (c.UNSEALED ?? 0);
    }, 0);
    const counts = fallback.records as Record<string, number>;
    expect(counts.VALID).toBe(after + 1);
    expect(counts.DROPPED).toBe(emitted - sealedByDead);
    expect(notices.some((n) => n.includes(`declares the ${emitted - sealedByDead} record(s)`))).toBe(true);
    expect(pipeline.deliveryStats().refusedRecords).toBe(emitted - sealedByDead);
  });
});

describe('a shutdown that meets a backlog in the worker', () => {
  it('seals for half the budget, declares the rest in the final checkpoint, and ends the stream clean', async () => {
    const notices: string[] = [];
    const s = startSecureLogging({
      ...quiet,
      serviceName: 'backlog',
      archiveDir: tmp(),
      pipeline: 'worker',
      delivery: { flushTimeoutMillis: 1000 },
      notice: (m) => notices.push(m),
    });
    const logger = s.loggerProvider.getLogger('app');
    // One synchronous burst: far more than the worker seals in the 500 ms it is given at shutdown.
    const emitted = 200_000;
    for (let i = 0; i < emitted; i++) logger.emit({ body: `record ${i}`, attributes: { i } });
    const stats = await s.shutdown();
    const report = await verify([s.archivePath!], s.publicKeyPem);
    expect(report.streams).toHaveLength(1);
    const stream = report.streams[0]!;
    const counts = stream.records as Record<string, number>;
    expect(stream.finalCheckpoint).toBe(true);
    expect(Object.keys(counts).filter((k) => k !== 'VALID' && k !== 'DROPPED')).toEqual([]);
    expect(counts.VALID! - 1 + (counts.DROPPED ?? 0)).toBe(emitted);
    expect(stats.refusedRecords).toBe(counts.DROPPED ?? 0);
    expect(stats.recordsAfterShutdown).toBe(0);
    if ((counts.DROPPED ?? 0) > 0) expect(notices.some((n) => /shutdown budget/.test(n))).toBe(true);
  });
});
