/**
 * pipeline: 'worker' — the hand-off codec (a record read back in the worker seals to the same canonical bytes), the
 * whole chain on the worker thread against the inline one, ordering, options that cannot move to a worker, a stalled
 * worker (records refused and declared, never lost silently), a dead worker (the inline chain takes over and declares
 * what the worker had not sealed), and metrics reaching the application's MeterProvider.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Worker } from 'node:worker_threads';
import {
  type Attributes,
  type Counter,
  createNoopMeter,
  type Meter,
  type MeterProvider,
  type ObservableCallback,
  ROOT_CONTEXT,
  SeverityNumber,
  trace,
} from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordProcessor, type ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { canonicalizeLogRecord, resourceDigest, verifyArchive } from '@seclog/integrity';
import { LogRecordSnapshotter } from '@seclog/snapshot';
import { describe, expect, it } from 'vitest';
import { buildSecureChain } from '../src/internal/secure-chain.js';
import { BatchReader, type WorkerLogRecord } from '../src/internal/worker-pipeline/batch-reader.js';
import { BatchWriter } from '../src/internal/worker-pipeline/batch-writer.js';
import { MetricReplay, RecordingMeterProvider } from '../src/internal/worker-pipeline/remote-metrics.js';
import { startWorkerPipeline } from '../src/internal/worker-pipeline/worker-pipeline.js';
import { secureLogRecordProcessors } from '../src/secure-log-record-processors.js';
import { SecureLoggingConfigError } from '../src/secure-logging-config-error.js';
import { startSecureLogging } from '../src/start-secure-logging.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'seclog-worker-'));
const PSEUDONYM_KEY = new Uint8Array(32).fill(7);
const quiet = { handleSignals: false, registerGlobal: false, mode: 'development', notice: () => {} } as const;

type OtlpValue = { stringValue?: string; intValue?: string | number; [k: string]: unknown };
interface ArchivedRecord {
  body?: OtlpValue;
  eventName?: string;
  attributes: { key: string; value: OtlpValue }[];
}

function archivedRecords(path: string): ArchivedRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .flatMap((l) => JSON.parse(l).resourceLogs)
    .flatMap((rl: { scopeLogs: { logRecords: ArchivedRecord[] }[] }) => rl.scopeLogs.flatMap((sl) => sl.logRecords));
}

const attr = (r: ArchivedRecord, key: string) => r.attributes.find((a) => a.key === key)?.value;

/** Collects records in a processor, after the snapshot the application's thread takes. */
function capture() {
  const records: ReadWriteLogRecord[] = [];
  const snapshots = new LogRecordSnapshotter();
  const processor: LogRecordProcessor = {
    onEmit: (r) => {
      snapshots.take(r);
      records.push(r);
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  return { records, processor };
}

describe('hand-off codec', () => {
  it('reads back every field so that the record seals to the same canonical bytes', () => {
    const { records, processor } = capture();
    const resource = resourceFromAttributes(
      { 'service.name': 'codec', 'k.list': ['a', 'b'] },
      { schemaUrl: 'https://s' },
    );
    const provider = new LoggerProvider({ resource, processors: [processor] });
    const withVersion = provider.getLogger('scope-a', '1.2.3', { schemaUrl: 'https://scope' });
    const bare = provider.getLogger('scope-b');
    const span = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
    });
    const body = JSON.parse('{"__proto__": {"x": 1}, "plain": "v"}') as Record<string, unknown>;
    Object.assign(body, {
      nan: Number.NaN,
      big: 2n ** 70n,
      small: 42n,
      negZero: -0,
      ints: [0, -1, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, 2 ** 53 - 1, 1.5, 1e300],
      bytes: new Uint8Array([0, 255, 7]),
      text: 'ümlaut 😀 \u{10FFFF}',
      lone: 'a\uD800b',
      nested: { deep: [[{ a: null, b: true, c: false }]] },
    });
    withVersion.emit({
      body: body as never,
      severityNumber: SeverityNumber.WARN,
      severityText: 'W\uDC00',
      eventName: 'app.event',
      attributes: { n: 1, s: 'x', list: [1, 2], map: { k: 'v' } as never, 'with.key\uD800': 'lone key' },
      context: span,
      timestamp: 1_700_000_000_123,
    });
    bare.emit({ body: 'second' });
    bare.emit({});

    const writer = new BatchWriter();
    for (const r of records) writer.write(r);
    writer.refused(3);
    const [batch, ...more] = writer.take();
    expect(more).toEqual([]);
    const reader = new BatchReader();
    const items: ({ kind: 'record'; record: WorkerLogRecord } | { kind: 'refused'; count: number })[] = [];
    reader.read(batch!.buffer, batch!.length, (item) => items.push(item));

    expect(items.map((i) => i.kind)).toEqual(['record', 'record', 'record', 'refused']);
    expect(items[3]).toEqual({ kind: 'refused', count: 3 });
    for (let i = 0; i < records.length; i++) {
      const original = records[i]!;
      const copy = (items[i] as { record: WorkerLogRecord }).record;
      expect(resourceDigest(copy.resource.attributes)).toBe(resourceDigest(original.resource.attributes));
      const seal = { streamId: 's', seq: i + 1, resourceDigest: resourceDigest(original.resource.attributes) };
      const a = canonicalizeLogRecord(original, seal);
      const b = canonicalizeLogRecord(copy, seal);
      expect(a.ok).toBe(true);
      expect(b.text).toBe(a.text);
      expect(copy.attributes).toEqual(original.attributes);
      expect(copy.body).toEqual(original.body);
      expect(copy.resource.attributes).toEqual(original.resource.attributes);
      expect(copy.resource.schemaUrl).toBe('https://s');
    }
    const first = (items[0] as { record: WorkerLogRecord }).record;
    expect(Object.keys(first.body as object)).toContain('__proto__');
    expect(first.severityText).toBe('W\uDC00');
    expect(first.spanContext).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', traceFlags: 1 });
    expect(first.instrumentationScope).toEqual({ name: 'scope-a', version: '1.2.3', schemaUrl: 'https://scope' });
    const second = (items[1] as { record: WorkerLogRecord }).record;
    expect('version' in second.instrumentationScope).toBe(false);
    // Records of one resource and scope share one object, as the SDK's do (the OTLP encoders group by identity).
    expect(second.resource).toBe(first.resource);
    expect((items[2] as { record: WorkerLogRecord }).record.instrumentationScope).toBe(second.instrumentationScope);
  });

  it('sends a resource or scope once per content, also for a second object with the same content', () => {
    const { records, processor } = capture();
    const a = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'same' }),
      processors: [processor],
    });
    const b = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'same' }),
      processors: [processor],
    });
    a.getLogger('x').emit({ body: '1' });
    b.getLogger('x').emit({ body: '2' });
    const writer = new BatchWriter();
    writer.write(records[0]!);
    const afterFirst = writer.bytes;
    writer.write(records[1]!);
    expect(writer.bytes - afterFirst).toBeLessThan(afterFirst);
    const out: WorkerLogRecord[] = [];
    for (const batch of writer.take()) {
      new BatchReader().read(batch.buffer, batch.length, (i) => i.kind === 'record' && out.push(i.record));
    }
    expect(out[1]!.resource).toBe(out[0]!.resource);
  });
});

describe('batches set aside when a buffer fills', () => {
  it('come out in order, with definitions read once across buffers', () => {
    const { records, processor } = capture();
    const logger = new LoggerProvider({ processors: [processor] }).getLogger('x');
    for (let i = 0; i < 3000; i++) logger.emit({ body: `record ${i} ${'p'.repeat(200)}`, attributes: { i } });
    const writer = new BatchWriter();
    for (const r of records) {
      if (writer.free < 32 << 10) writer.rotate();
      writer.write(r);
    }
    expect(writer.records).toBe(3000);
    const batches = writer.take();
    expect(batches.length).toBeGreaterThan(2);
    expect(writer.records).toBe(0);
    const reader = new BatchReader();
    const seen: number[] = [];
    for (const b of batches)
      reader.read(b.buffer, b.length, (item) => item.kind === 'record' && seen.push(Number(item.record.attributes.i)));
    expect(seen).toEqual([...Array(3000).keys()]);
  });
});

describe("startSecureLogging({ pipeline: 'worker' })", () => {
  it('seals, redacts and exports on the worker as the inline chain does, in emit order', async () => {
    const emitAll = (s: ReturnType<typeof startSecureLogging>) => {
      const logger = s.loggerProvider.getLogger('app');
      for (let i = 0; i < 600; i++) {
        logger.emit({
          body: `login for bob${i}@example.com from 203.0.113.${i % 250} token ghp_${'a'.repeat(36)}`,
          attributes: { i, 'client.address': '198.51.100.4', password: 'hunter2', nested: { email: 'x@example.org' } },
        });
      }
      s.security.authenticationLogin({
        outcome: 'failure',
        errorType: 'invalid_credentials',
        actorType: 'anonymous',
        authMethod: 'password',
        userName: 'dana',
        clientAddress: '203.0.113.5',
      });
    };
    const run = async (pipeline: 'inline' | 'worker') => {
      const s = startSecureLogging({
        ...quiet,
        serviceName: 'twin',
        archiveDir: tmp(),
        pipeline,
        keys: { pseudonymKey: PSEUDONYM_KEY },
      });
      emitAll(s);
      const stats = await s.shutdown();
      const report = await verifyArchive([s.archivePath!], { trust: { publicKeys: [s.publicKeyPem] } });
      return { s, stats, report, records: archivedRecords(s.archivePath!), redaction: s.redactionStats() };
    };
    const inline = await run('inline');
    const worker = await run('worker');

    expect(worker.report.verdict).toBe('valid');
    expect(worker.report.streams.map((s) => [s.records, s.finalCheckpoint])).toEqual([[{ VALID: 602 }, true]]);
    expect(worker.stats).toMatchObject({ exportedRecords: 601, refusedRecords: 0, droppedRecords: 0 });
    expect(worker.redaction).toEqual(inline.redaction);
    // Same redacted content, record for record (seal attributes and times aside).
    const content = (records: ArchivedRecord[]) =>
      records
        .filter((r) => !r.eventName?.startsWith('seclog.integrity.'))
        .map((r) => ({
          body: r.body,
          eventName: r.eventName,
          attributes: r.attributes.filter((a) => !a.key.startsWith('seclog.integrity.') && a.key !== 'log.record.uid'),
        }));
    expect(content(worker.records)).toEqual(content(inline.records));
    expect(JSON.stringify(worker.records)).not.toMatch(/hunter2|bob\d+@example\.com/);
    // Sealed in the order emitted: seq grows with i.
    const seqOf = (r: ArchivedRecord) => Number(attr(r, 'seclog.integrity.seq')?.intValue);
    const appRecords = worker.records.filter((r) => attr(r, 'i') !== undefined);
    expect(appRecords.map((r) => Number(attr(r, 'i')?.intValue))).toEqual([...Array(600).keys()]);
    const seqs = appRecords.map(seqOf);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('carries a record larger than a batch buffer (600 Ki non-ASCII characters) as inline does', async () => {
    const big = `€${'ü'.repeat(600 << 10)}`;
    const bodies = async (pipeline: 'inline' | 'worker') => {
      const s = startSecureLogging({ ...quiet, archiveDir: tmp(), pipeline, keys: { pseudonymKey: PSEUDONYM_KEY } });
      const logger = s.loggerProvider.getLogger('app');
      logger.emit({ body: 'before' });
      logger.emit({ body: big, attributes: { size: big.length } });
      logger.emit({ body: 'after' });
      await s.shutdown();
      const report = await verifyArchive([s.archivePath!], { trust: { publicKeys: [s.publicKeyPem] } });
      expect(report.verdict).toBe('valid');
      return archivedRecords(s.archivePath!)
        .filter((r) => !r.eventName?.startsWith('seclog.integrity.'))
        .map((r) => [r.body?.stringValue, attr(r, 'size')?.intValue]);
    };
    const worker = await bodies('worker');
    // The 1.2 MiB hand-off record arrived whole: redaction then treats it exactly as inline does.
    expect(worker).toEqual(await bodies('inline'));
    expect(worker[1]?.[1]).toBe(big.length);
  });

  it('refuses options that cannot move to a worker, and unknown pipelines, naming the field', () => {
    const base = { ...quiet, archiveDir: tmp() };
    expect(() => startSecureLogging({ ...base, pipeline: 'threads' as never })).toThrow(/options\.pipeline/);
    const exporter = { export: () => {}, shutdown: async () => {} };
    expect(() => startSecureLogging({ ...base, pipeline: 'worker', exporter: exporter as never })).toThrow(
      /startSecureLogging: options\.exporter is an exporter object.*pipeline: 'inline'/,
    );
    const custom = { customDetectors: [{ name: 'ORDER_ID', pattern: 'O-\\d{6}', validate: () => true }] };
    let error: unknown;
    try {
      startSecureLogging({ ...base, pipeline: 'worker', redaction: custom as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecureLoggingConfigError);
    expect(String(error)).toMatch(/options\.redaction holds functions/);
  });

  it('counts records emitted after shutdown and says so, as the inline pipeline does', async () => {
    const notices: string[] = [];
    const options = {
      ...quiet,
      archiveDir: tmp(),
      pipeline: 'worker' as const,
      notice: (m: string) => notices.push(m),
    };
    const chain = buildSecureChain(options);
    const pipeline = startWorkerPipeline(chain, options, 'test');
    const { records, processor } = capture();
    const logger = new LoggerProvider({ resource: chain.resource, processors: [processor] }).getLogger('app');
    for (let i = 0; i < 3; i++) logger.emit({ body: `r${i}` });
    pipeline.processor.onEmit(records[0]!);
    await pipeline.processor.shutdown();
    pipeline.processor.onEmit(records[1]!);
    pipeline.processor.onEmit(records[2]!);
    pipeline.finishSync();
    expect(pipeline.deliveryStats()).toMatchObject({ exportedRecords: 1, recordsAfterShutdown: 2 });
    // The first at once, the rest (rate-limited) at the latest at exit: every one of them is said.
    const said = notices.map((n) => Number(/(\d+) emitted after shutdown/.exec(n)?.[1] ?? 0));
    expect(said.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('runs a geo lookup (a function) on the application thread and the rest on the worker', async () => {
    const s = startSecureLogging({
      ...quiet,
      archiveDir: tmp(),
      pipeline: 'worker',
      geo: (address) => (address === '203.0.113.5' ? { countryIsoCode: 'DE' } : undefined),
    });
    s.security.authenticationLogin({
      outcome: 'failure',
      errorType: 'invalid_credentials',
      actorType: 'anonymous',
      authMethod: 'password',
      userName: 'dana',
      clientAddress: '203.0.113.5',
    });
    await s.shutdown();
    const [event] = archivedRecords(s.archivePath!).filter(
      (r) => r.eventName === 'security_event.authentication.login',
    );
    expect(attr(event!, 'geo.country.iso_code')?.stringValue).toBe('DE');
    expect(attr(event!, 'client.address')?.stringValue).toMatch(/^<ip:ephemeral:/);
    const report = await verifyArchive([s.archivePath!], { trust: { publicKeys: [s.publicKeyPem] } });
    expect(report.verdict).toBe('valid');
  });
});

describe('a stalled worker', () => {
  it('refuses records after a second without progress, and declares every one of them', async () => {
    const dir = tmp();
    const fifo = join(dir, 'stalled.otlp.jsonl');
    execFileSync('mkfifo', [fifo]);
    const notices: string[] = [];
    const s = startSecureLogging({
      ...quiet,
      serviceName: 'stall',
      pipeline: 'worker',
      // The worker's first write opens the FIFO, which blocks until a reader comes: the worker is stuck.
      exporter: { kind: 'file', path: fifo },
      // A full queue makes the worker write at once (back-pressure), so it blocks after 16 records.
      delivery: { maxQueueSize: 16 },
      notice: (m) => notices.push(m),
    });
    const logger = s.loggerProvider.getLogger('app');
    const big = 'x'.repeat(64 << 10);
    const emitted = 800;
    for (let i = 0; i < emitted; i++) logger.emit({ body: `${i} ${big}` });
    const refused = s.deliveryStats().refusedRecords;
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(emitted);
    expect(notices.some((n) => /made no progress/.test(n))).toBe(true);

    const out = join(dir, 'archive.otlp.jsonl');
    const copy = finished(createReadStream(fifo).pipe(createWriteStream(out)));
    const stats = await s.shutdown();
    await copy;
    expect(stats.refusedRecords).toBe(refused);
    const report = await verifyArchive([out], { trust: { publicKeys: [s.publicKeyPem] } });
    const counts = report.streams[0]!.records as Record<string, number>;
    expect(counts.MISSING ?? 0).toBe(0);
    expect(counts.DROPPED).toBe(refused);
    expect(counts.VALID! - 1 + counts.DROPPED!).toBe(emitted);
    expect(report.streams[0]!.finalCheckpoint).toBe(true);
  });
});

describe('a worker that dies', () => {
  it('hands over to the inline chain in a new stream, which declares what the worker had not sealed', async () => {
    const dir = tmp();
    const notices: string[] = [];
    const options = {
      ...quiet,
      serviceName: 'crash',
      archiveDir: dir,
      pipeline: 'worker' as const,
      notice: (m: string) => notices.push(m),
    };
    const chain = buildSecureChain(options);
    const pipeline = startWorkerPipeline(chain, options, 'test');
    const provider = new LoggerProvider({ resource: chain.resource, processors: [pipeline.processor] });
    const logger = provider.getLogger('app');
    for (let i = 0; i < 50; i++) logger.emit({ body: `before ${i}` });
    await provider.forceFlush();
    const worker = (pipeline as unknown as { worker: Worker }).worker;
    await worker.terminate();
    await new Promise((r) => setImmediate(r));
    expect(notices.some((n) => /pipeline worker stopped unexpectedly/.test(n))).toBe(true);
    for (let i = 0; i < 30; i++) logger.emit({ body: `after ${i}` });
    await provider.shutdown();
    const report = await verifyArchive([chain.exporter.filePath!], {
      trust: { publicKeys: [chain.keys.publicKeyPem] },
    });
    const streams = report.streams.map((s) => ({ records: s.records, final: s.finalCheckpoint }));
    expect(streams).toHaveLength(2);
    expect(streams).toContainEqual({ records: { VALID: 51 }, final: false });
    expect(streams).toContainEqual({ records: { VALID: 31 }, final: true });
    expect(pipeline.deliveryStats()).toMatchObject({ exportedRecords: 80, refusedRecords: 0 });
  });
});

describe('secureLogRecordProcessors({ pipeline: worker })', () => {
  it("seals records of a provider it does not own, that provider's resource redacted first", async () => {
    const dir = tmp();
    const seclog = secureLogRecordProcessors({
      handleSignals: false,
      mode: 'development',
      notice: () => {},
      serviceName: 'sdk',
      archiveDir: dir,
      pipeline: 'worker',
    });
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({
        'service.name': 'sdk',
        'process.command_args': ['node', '--password=s3cret'],
      }),
      processors: seclog,
    });
    provider.getLogger('app').emit({ body: 'hello from NodeSDK' });
    await provider.shutdown();
    const text = readFileSync(seclog.archivePath!, 'utf8');
    expect(text).not.toMatch(/s3cret/);
    const report = await verifyArchive([seclog.archivePath!], { trust: { publicKeys: [seclog.publicKeyPem] } });
    expect(report.verdict).toBe('valid');
  });
});

describe('metrics from the worker', () => {
  it('reach the application MeterProvider with the inline names and counts', async () => {
    const adds: { name: string; value: number; attributes: Attributes }[] = [];
    const gauges = new Map<string, ObservableCallback[]>();
    const meterProvider: MeterProvider = {
      getMeter(): Meter {
        const meter = Object.create(createNoopMeter()) as Meter;
        meter.createCounter = (name: string): Counter => ({
          add: (value: number, attributes: Attributes = {}) => adds.push({ name, value, attributes }),
        });
        meter.createObservableGauge = (name: string) => {
          const callbacks: ObservableCallback[] = [];
          gauges.set(name, callbacks);
          return { addCallback: (cb) => callbacks.push(cb), removeCallback: () => {} };
        };
        return meter;
      },
    };
    const s = startSecureLogging({ ...quiet, archiveDir: tmp(), pipeline: 'worker', meterProvider });
    const logger = s.loggerProvider.getLogger('app');
    for (let i = 0; i < 20; i++) logger.emit({ body: `r${i} mail a${i}@example.com` });
    await s.shutdown();
    const total = (name: string) => adds.filter((a) => a.name === name).reduce((n, a) => n + a.value, 0);
    expect(total('seclog.records.exported')).toBe(20);
    expect(total('seclog.redaction.findings')).toBe(20);
    expect(adds.find((a) => a.name === 'seclog.redaction.findings')?.attributes).toEqual({
      detector: 'EMAIL',
      action: 'hmac',
    });
    const observed: number[] = [];
    for (const cb of gauges.get('seclog.queue.depth') ?? []) void cb({ observe: (v: number) => observed.push(v) });
    expect(observed).toEqual([0]);
  });

  it('replays counter increments once and keeps the latest gauge value', () => {
    const recording = new RecordingMeterProvider();
    const meter = recording.getMeter('m');
    const counter = meter.createCounter('c', { description: 'd', unit: '{x}' });
    let depth = 3;
    meter.createObservableGauge('g').addCallback((r) => r.observe(depth, { lane: 'a' }));
    counter.add(2, { reason: 'r' });
    counter.add(1, { reason: 'r' });
    const applied: [string, number, Attributes][] = [];
    const observed: number[] = [];
    let callback: ObservableCallback | undefined;
    const target: MeterProvider = {
      getMeter: () => {
        const m = Object.create(createNoopMeter()) as Meter;
        m.createCounter = (name: string) => ({ add: (v: number, a: Attributes = {}) => applied.push([name, v, a]) });
        m.createObservableGauge = () => ({
          addCallback: (cb) => {
            callback = cb;
          },
          removeCallback: () => {},
        });
        return m;
      },
    };
    const replay = new MetricReplay(target);
    replay.apply(recording.report()!);
    depth = 5;
    replay.apply(recording.report()!);
    expect(applied).toEqual([['c', 3, { reason: 'r' }]]);
    void callback?.({ observe: (v: number) => observed.push(v) });
    expect(observed).toEqual([5]);
  });
});
