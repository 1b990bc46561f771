import { LoggerProvider, type LogRecordProcessor, type ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_LOSS_ATTRIBUTE, safeLoggerProvider, UNREADABLE_MARKER } from '../src/index.ts';

function pipeline() {
  const records: ReadWriteLogRecord[] = [];
  const collect: LogRecordProcessor = {
    onEmit: (r) => void records.push(r),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const sdk = new LoggerProvider({ processors: [collect] });
  return { sdk, provider: safeLoggerProvider(sdk), records };
}

describe('safeLoggerProvider: emit() never throws at the application', () => {
  it('a getter that throws in an attribute would escape from the bare SDK logger', () => {
    const { sdk } = pipeline();
    const attributes = {
      get boom(): string {
        throw new Error('token=ghp_notreal');
      },
    };
    expect(() => sdk.getLogger('t').emit({ body: 'x', attributes })).toThrow();
  });

  it('turns it into [UNREADABLE] for that attribute only, and keeps the record', () => {
    const { provider, records } = pipeline();
    const attributes = {
      ok: 'fine',
      get boom(): string {
        throw new Error('token=ghp_notreal');
      },
    };
    expect(() => provider.getLogger('t').emit({ body: 'x', attributes })).not.toThrow();
    expect(records[0]?.attributes).toEqual({ ok: 'fine', boom: UNREADABLE_MARKER });
    expect(records[0]?.body).toBe('x');
  });

  it('reads every attribute getter once (the SDK alone reads it twice: validate, then copy)', () => {
    const { provider, records } = pipeline();
    let reads = 0;
    const attributes = {
      get n() {
        reads++;
        return reads === 1 ? 'first' : 'second';
      },
    };
    provider.getLogger('t').emit({ attributes });
    expect(reads).toBe(1);
    expect(records[0]?.attributes.n).toBe('first');
  });

  it('replaces a record whose own fields cannot be read by an explicit [UNREADABLE] record', () => {
    const { provider, records } = pipeline();
    const record = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(() => provider.getLogger('t').emit(record)).not.toThrow();
    expect(records).toHaveLength(1);
    expect(records[0]?.body).toBe(UNREADABLE_MARKER);
    expect(records[0]?.attributes[SNAPSHOT_LOSS_ATTRIBUTE]).toBe(1);
    expect(provider.unreadableRecords).toBe(1);
  });

  it('passes flush and shutdown to the wrapped provider and keeps one logger per scope', async () => {
    const { provider } = pipeline();
    expect(provider.getLogger('a')).toBe(provider.getLogger('a'));
    await expect(provider.forceFlush()).resolves.toBeUndefined();
    await expect(provider.shutdown()).resolves.toBeUndefined();
  });
});
