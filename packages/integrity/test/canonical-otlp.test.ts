import { logs, SeverityNumber } from '@opentelemetry/api';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { resourceDigest, resourceDigestOfText } from '../src/canonical/digest.js';
import { canonicalizeOtlpLogRecord, canonicalOtlpResourceText } from '../src/canonical/from-otlp.js';
import { canonicalizeLogRecord } from '../src/canonical/from-record.js';

const ctx = { streamId: 'AAAAAAAAAAAAAAAAAAAAAA', seq: '7', resourceDigest: 'R' };
const body = (value: unknown) => {
  const form = canonicalizeOtlpLogRecord({ body: value }, ctx);
  return form.ok ? JSON.stringify(JSON.parse(form.text)[13]) : form.reason;
};

describe('OLCF-1 from OTLP/JSON', () => {
  it('accepts int64 as a number or a decimal string', () => {
    expect(body({ intValue: 10 })).toBe('["i","10"]');
    expect(body({ intValue: '10' })).toBe('["i","10"]');
    expect(body({ intValue: '9223372036854775807' })).toBe('["i","9223372036854775807"]');
    expect(body({ intValue: '-9223372036854775808' })).toBe('["i","-9223372036854775808"]');
  });

  it('rejects what the JS OTLP/JSON exporter writes for an integer-valued double beyond int64 (intValue 1e+300)', () => {
    // The producer seals such a number as a double (what the protobuf exporter sends); over OTLP/JSON it cannot verify.
    expect(body({ intValue: 1e300 })).toBe('invalid-value');
  });

  it('rejects ints outside int64 and non-integers', () => {
    expect(body({ intValue: '9223372036854775808' })).toBe('invalid-value');
    expect(body({ intValue: 1.5 })).toBe('invalid-value');
    expect(body({ intValue: '1e3' })).toBe('invalid-value');
  });

  it('reads doubles as numbers or the collector strings NaN / Infinity / -Infinity', () => {
    expect(body({ doubleValue: 637.704 })).toBe('["d","4083eda1cac08312"]');
    expect(body({ doubleValue: 'NaN' })).toBe('["d","7ff8000000000000"]');
    expect(body({ doubleValue: 'Infinity' })).toBe('["d","7ff0000000000000"]');
    expect(body({ doubleValue: '-Infinity' })).toBe('["d","fff0000000000000"]');
  });

  it('cannot recover a NaN that the JS JSON exporter wrote as null (documented limitation)', () => {
    expect(body({ doubleValue: null })).toBe('invalid-value');
  });

  it('normalizes every base64 variant to standard padded', () => {
    for (const v of ['+/8=', '+/8', '-_8=', '-_8']) expect(body({ bytesValue: v })).toBe('["y","+/8="]');
    expect(body({ bytesValue: '' })).toBe('["y",""]');
    expect(body({ bytesValue: 'a' })).toBe('invalid-value');
    expect(body({ bytesValue: 'a*bc' })).toBe('invalid-value');
  });

  it('treats a missing body and {} alike', () => {
    expect(body(undefined)).toBe('["e"]');
    expect(body({})).toBe('["e"]');
  });

  it('rejects an AnyValue with two value fields and duplicate keys in a kvlist', () => {
    expect(body({ stringValue: 'a', intValue: 1 })).toBe('invalid-value');
    const kv = {
      kvlistValue: {
        values: [
          { key: 'a', value: {} },
          { key: 'a', value: {} },
        ],
      },
    };
    expect(body(kv)).toBe('duplicate-key');
  });

  it('lowercases hex ids and maps all-zero ids to ""', () => {
    const form = canonicalizeOtlpLogRecord(
      { traceId: '0AF7651916CD43DD8448EB211C80319C', spanId: '0000000000000000', flags: 1 },
      ctx,
    );
    expect(JSON.parse(form.text).slice(16)).toEqual(['0af7651916cd43dd8448eb211c80319c', '', '1']);
  });

  it('accepts timestamps as strings or numbers', () => {
    const a = canonicalizeOtlpLogRecord({ timeUnixNano: '1544712660300000000' }, ctx).text;
    const b = canonicalizeOtlpLogRecord({ timeUnixNano: 1544712660 }, ctx).text;
    expect(JSON.parse(a)[8]).toBe('1544712660300000000');
    expect(JSON.parse(b)[8]).toBe('1544712660');
  });

  it('computes the same resource digest as the JS producer', () => {
    const otlp = {
      attributes: [
        { key: 'service.name', value: { stringValue: 'svc' } },
        { key: 'n', value: { intValue: '3' } },
      ],
    };
    expect(resourceDigestOfText(canonicalOtlpResourceText(otlp))).toBe(resourceDigest({ n: 3, 'service.name': 'svc' }));
  });
});

/** Re-encodes JS-exporter OTLP/JSON the way the collector's file exporter writes it. */
function collectorStyle(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(collectorStyle);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'intValue' || k === 'timeUnixNano' || k === 'observedTimeUnixNano') out[k] = String(x);
    else if (k === 'traceId' || k === 'spanId') out[k] = typeof x === 'string' ? x.toUpperCase() : x;
    else if (k === 'bytesValue') out[k] = String(x).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
    else out[k] = collectorStyle(x);
  }
  return out;
}

describe('both producers agree', () => {
  it('gives the same bytes from the SDK record and from its exported OTLP/JSON (JS and collector style)', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'svc' }),
      processors: [new SimpleLogRecordProcessor({ exporter })],
    });
    const logger = provider.getLogger('scope-a', '1.0.0', { schemaUrl: 'https://schema' });
    const bodies: unknown[] = [
      'text',
      {
        nested: { deep: [1, 2.5, 'x', true, null, new Uint8Array([255, 254, 253])] },
        10: 'int-like',
        '😀': 1,
        '\uFF61': 2,
      },
      [1.0, -0, 2 ** 53, 0.1 + 0.2, 5e-324, -123.456e-7],
      new Uint8Array([0xfb, 0xff, 0xbf]),
      undefined,
      'lone \ud800 surrogate',
    ];
    for (const b of bodies) {
      logger.emit({
        body: b as never,
        severityNumber: SeverityNumber.WARN,
        severityText: 'WARN',
        eventName: 'e.v',
        attributes: { a: 1, b: 'two', c: [true, false], d: { e: 1.25 }, f: new Uint8Array([1]) },
        timestamp: [1700000000, 123456789],
      });
    }
    const records = exporter.getFinishedLogRecords();
    expect(records).toHaveLength(bodies.length);
    const json = JSON.parse(new TextDecoder().decode(JsonLogsSerializer.serializeRequest(records)));
    const scopeLogs = json.resourceLogs[0].scopeLogs[0];
    for (const variant of [scopeLogs, collectorStyle(scopeLogs) as typeof scopeLogs]) {
      variant.logRecords.forEach((otlp: never, i: number) => {
        const fromSdk = canonicalizeLogRecord(records[i]!, { ...ctx, seq: 7 });
        const fromOtlp = canonicalizeOtlpLogRecord(otlp, {
          ...ctx,
          scope: variant.scope,
          scopeSchemaUrl: variant.schemaUrl,
        });
        expect(fromOtlp.message ?? fromOtlp.text).toBe(fromSdk.text);
      });
    }
    await provider.shutdown();
    expect(logs).toBeDefined();
  });
});
