import { type Context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { LoggerProvider, type LogRecordProcessor, type ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSnapshotTaken, LogRecordSnapshotter, SNAPSHOT_LOSS_ATTRIBUTE, UNREADABLE_MARKER } from '../src/index.ts';

/** The smallest processor that snapshots, then forwards: what the seclog processors do first in onEmit. */
class SnapshotFirst implements LogRecordProcessor {
  readonly snapshots = new LogRecordSnapshotter();
  constructor(private readonly next: LogRecordProcessor) {}
  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    this.snapshots.take(record);
    this.next.onEmit(record, context);
  }
  forceFlush() {
    return this.next.forceFlush();
  }
  shutdown() {
    return this.next.shutdown();
  }
}

/** Keeps emitted records as the batch queue does: by reference, read again only at export. */
class Collect implements LogRecordProcessor {
  readonly records: ReadWriteLogRecord[] = [];
  onEmit(record: ReadWriteLogRecord): void {
    this.records.push(record);
  }
  async forceFlush() {}
  async shutdown() {}
}

function pipeline() {
  const collect = new Collect();
  const provider = new LoggerProvider({ processors: [new SnapshotFirst(collect)] });
  return { provider, logger: provider.getLogger('test'), exporter: { getFinishedLogRecords: () => collect.records } };
}

const decoder = new TextDecoder();

describe('LogRecordSnapshotter through the SDK and both OTLP serializers', () => {
  it('the exporter never reads the caller object again', () => {
    const { logger, exporter } = pipeline();
    let reads = 0;
    const body = {
      get token() {
        reads++;
        return reads === 1 ? 'clean' : 'ghp_0123456789abcdefghijklmnopqrstuvwxyz';
      },
    };
    logger.emit({ body });
    const records = exporter.getFinishedLogRecords();
    const json = decoder.decode(JsonLogsSerializer.serializeRequest(records));
    ProtobufLogsSerializer.serializeRequest(records);
    expect(reads).toBe(1);
    expect(json).toContain('"clean"');
    expect(json).not.toContain('ghp_');
  });

  it('a getter that throws at export time can no longer fail the batch', () => {
    const { logger, exporter } = pipeline();
    let armed = false;
    logger.emit({ body: 'innocent 1' });
    logger.emit({
      body: {
        get x() {
          if (armed) throw new Error('boom');
          return 'ok';
        },
      },
    });
    logger.emit({ body: 'innocent 2' });
    armed = true;
    const records = exporter.getFinishedLogRecords();
    expect(() => JsonLogsSerializer.serializeRequest(records)).not.toThrow();
    expect(() => ProtobufLogsSerializer.serializeRequest(records)).not.toThrow();
    expect(records).toHaveLength(3);
  });

  it('marks a record that lost values and takes each snapshot only once', () => {
    const { logger, exporter } = pipeline();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    logger.emit({ body: cyclic, attributes: { plain: 'x' } });
    const [record] = exporter.getFinishedLogRecords();
    expect(record!.attributes[SNAPSHOT_LOSS_ATTRIBUTE]).toBe(1);
    expect(isSnapshotTaken(record as ReadWriteLogRecord)).toBe(true);
    expect(new LogRecordSnapshotter().take(record as ReadWriteLogRecord)).toBeUndefined();
  });

  it('walks a snapshot again under stricter limits of a later processor, and never under looser ones', () => {
    // The first processor snapshots with the defaults (1 MiB strings); a later one is configured with 100-character
    // strings and depth 1: its limits hold.
    const strict = new LogRecordSnapshotter({ maxStringLength: 100, maxDepth: 1 });
    const seen: (ReturnType<LogRecordSnapshotter['take']> | 'none')[] = [];
    const collect = new Collect();
    const later: LogRecordProcessor = {
      onEmit: (record) => {
        seen.push(strict.take(record) ?? 'none');
        collect.onEmit(record);
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const provider = new LoggerProvider({ processors: [new SnapshotFirst(later)] });
    provider
      .getLogger('test')
      .emit({ body: 'x'.repeat(1000), attributes: { note: 'y'.repeat(1000), nested: { deep: { deeper: 1 } } } });
    const [record] = collect.records;
    expect(seen[0]).not.toBe('none');
    expect(String(record!.body).length).toBeLessThan(200);
    expect(String(record!.attributes.note).length).toBeLessThan(200);
    expect(JSON.stringify(record!.attributes.nested)).not.toContain('deeper');
    expect(record!.attributes[SNAPSHOT_LOSS_ATTRIBUTE]).toBe(3);
    // Now a snapshot under the strictest of both: neither the defaults nor the same limits walk it again; limits
    // stricter in one field still do.
    expect(new LogRecordSnapshotter().take(record!)).toBeUndefined();
    expect(new LogRecordSnapshotter({ maxStringLength: 100, maxDepth: 1 }).take(record!)).toBeUndefined();
    expect(new LogRecordSnapshotter({ maxStringLength: 64, maxDepth: 1 }).take(record!)).toBeDefined();
  });

  it('copies byte attributes the SDK keeps by reference', () => {
    const { logger, exporter } = pipeline();
    const bytes = Buffer.from('abc');
    logger.emit({ body: 'b', attributes: { bytes } });
    bytes.write('XYZ');
    const [record] = exporter.getFinishedLogRecords();
    expect(Buffer.from(record!.attributes.bytes as Uint8Array).toString()).toBe('abc');
  });

  it('gives a getter that logs its own record a walker of its own', () => {
    const { logger, exporter } = pipeline();
    const body = {
      a: 'outer-a',
      get nested() {
        logger.emit({ body: { inner: 'inner-value' } });
        return 'outer-nested';
      },
      z: 'outer-z',
    };
    logger.emit({ body });
    const bodies = exporter.getFinishedLogRecords().map((r) => r.body);
    expect(bodies).toEqual([{ inner: 'inner-value' }, { a: 'outer-a', nested: 'outer-nested', z: 'outer-z' }]);
  });

  it('turns non-string severityText and eventName into text', () => {
    const { logger, exporter } = pipeline();
    logger.emit({
      body: 'x',
      severityText: new String('WARN') as unknown as string,
      eventName: 42 as unknown as string,
    });
    const [record] = exporter.getFinishedLogRecords();
    expect(record!.severityText).toBe('WARN');
    expect(record!.eventName).toBe('42');
  });

  it('leaves out a severity number and trace flags that the two encoders write differently', () => {
    const { logger, exporter } = pipeline();
    const span = (traceFlags: number) =>
      trace.setSpanContext(ROOT_CONTEXT, {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceFlags,
      });
    for (const severityNumber of [9.5, Number.NaN, 2 ** 40, 30, 24]) logger.emit({ body: 's', severityNumber });
    logger.emit({ body: 'flags', context: span(2 ** 32) });
    logger.emit({ body: 'flags', context: span(0xff) });
    const records = exporter.getFinishedLogRecords();
    expect(records.slice(0, 5).map((r) => r.severityNumber)).toEqual([undefined, undefined, undefined, 30, 24]);
    expect(records.slice(0, 5).map((r) => r.attributes[SNAPSHOT_LOSS_ATTRIBUTE])).toEqual([
      1,
      1,
      1,
      undefined,
      undefined,
    ]);
    expect(records[5]!.spanContext).toBeUndefined();
    expect(records[6]!.spanContext?.traceFlags).toBe(0xff);
  });

  it('keeps only times an OTLP record can hold (1970 to uint64 nanoseconds), in whole seconds and nanoseconds', () => {
    const { logger, exporter } = pipeline();
    // A number below the process's time origin is read as a performance.now() offset: a Date says "before 1970".
    logger.emit({ body: 'before 1970', timestamp: new Date(-1) });
    logger.emit({ body: 'past uint64', timestamp: 8.64e15 });
    logger.emit({ body: 'own pair', timestamp: [1_700_000_000.7, 1_500_000_000.5] });
    logger.emit({ body: 'observed', timestamp: 1_700_000_000_123, observedTimestamp: new Date(-5) });
    const [before, past, pair, observed] = exporter.getFinishedLogRecords();
    // A time that cannot be carried becomes the observed time, as if none had been given.
    expect(before!.hrTime).toEqual(before!.hrTimeObserved);
    expect(past!.hrTime).toEqual(past!.hrTimeObserved);
    expect(before!.attributes[SNAPSHOT_LOSS_ATTRIBUTE]).toBe(1);
    expect(pair!.hrTime).toEqual([1_700_000_001, 500_000_000]);
    expect(observed!.hrTime).toEqual([1_700_000_000, 123_000_000]);
    expect(observed!.hrTimeObserved[0]).toBeGreaterThan(1_700_000_000);
  });

  it('makes the instrumentation scope plain once, shared by the records of a logger', () => {
    const { provider, exporter } = pipeline();
    const attributes = { nan: Number.NaN, big: 2 ** 60, lone: 'a\uD800', list: ['x'], mixed: [1, 'a'] as never };
    const logger = provider.getLogger('lib', 'v\uDC00', { schemaUrl: 'https://s', attributes });
    logger.emit({ body: 'one' });
    logger.emit({ body: 'two' });
    const [one, two] = exporter.getFinishedLogRecords();
    expect(one!.instrumentationScope).toEqual({
      name: 'lib',
      version: 'v\uFFFD',
      schemaUrl: 'https://s',
      // As every other value: the JSON encoder writes NaN as null and 2^60 as 1152921504606847000.
      attributes: { nan: 'NaN', big: '1152921504606846976', lone: 'a\uFFFD', list: ['x'] },
      droppedAttributesCount: 1,
    });
    // One object per scope: the OTLP encoders group records by scope identity.
    expect(two!.instrumentationScope).toBe(one!.instrumentationScope);
    const json = decoder.decode(JsonLogsSerializer.serializeRequest([one!, two!]));
    expect(JSON.parse(json).resourceLogs[0].scopeLogs).toHaveLength(1);
  });

  it('property: random hostile values never make emit or either serializer throw', () => {
    const hostile = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.string(),
        fc.double(),
        fc.bigInt(),
        fc.constantFrom(null, undefined, NaN, Infinity, 2 ** 64, -0, Symbol('s'), () => 1),
        fc.uint8Array().map((u) => Buffer.from(u)),
        fc.string().map((s) => Object(s)),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
        tie('value').map((v) => ({
          get g() {
            return v;
          },
        })),
        fc.constant(0).map(() => ({
          get t(): never {
            throw new Error('getter');
          },
        })),
      ),
    }));
    fc.assert(
      fc.property(hostile.value, (value) => {
        const { logger, exporter } = pipeline();
        expect(() => logger.emit({ body: value as never })).not.toThrow();
        const records = exporter.getFinishedLogRecords();
        expect(() => JsonLogsSerializer.serializeRequest(records)).not.toThrow();
        expect(() => ProtobufLogsSerializer.serializeRequest(records)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('never lets the walk itself throw into emit', () => {
    const { logger, exporter } = pipeline();
    const evil = new Proxy([], {
      get() {
        throw new Error('trap');
      },
    });
    expect(() => logger.emit({ body: evil })).not.toThrow();
    expect(exporter.getFinishedLogRecords()[0]!.body).toBe(UNREADABLE_MARKER);
  });
});
