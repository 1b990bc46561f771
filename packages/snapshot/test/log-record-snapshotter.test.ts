import type { Context } from '@opentelemetry/api';
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
  return { logger: provider.getLogger('test'), exporter: { getFinishedLogRecords: () => collect.records } };
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
