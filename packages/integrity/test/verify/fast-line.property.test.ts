/**
 * Property: the verifier's fast path (`fast-line.ts`, which reads well-formed lines byte by byte) either leaves a line
 * to the general path, or yields exactly what the general path (`decodeLine` → `forEachOtlpLogRecord` →
 * `canonicalizeOtlpLogRecord`) yields for it: the same records in order, the same resource and scope, integrity
 * attributes, event name, string body and record digest. Checked on generated requests written in several ways
 * (whitespace, member order, string integers, escapes, non-ASCII) and on corrupted copies of them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordDigest } from '../../src/canonical/digest.js';
import { canonicalOtlpPairs } from '../../src/canonical/from-otlp.js';
import { canonicalForm, resourceDigestOrEmpty } from '../../src/internal/verify/archive-passes.js';
import { FastLineReader } from '../../src/internal/verify/fast-line.js';
import { decodeLine } from '../../src/internal/verify/line-decoder.js';
import {
  eventNameOf,
  forEachOtlpLogRecord,
  type OtlpRecordRef,
  readIntegrityAttributes,
  stringBodyOf,
} from '../../src/internal/verify/otlp-records.js';

const STREAM = 'seclog.integrity.stream';
const SEQ = 'seclog.integrity.seq';
const EXCLUDE = new Set([STREAM, SEQ]);
const decodeOptions = { sealKeys: [STREAM, SEQ] };
const SEALS: [string, number, string][] = [
  ['c3RyZWFtLTIyOTI0LTEteH', 7, 'hVdObYriLbnwTzIAqVOwxF2hCBGBkYQFqc/tFvNEWn4='],
  ['s\u00e9\ud800q', 0, ''],
];

/**
 * Resource and scope are compared by what the verifier computes from them: the general path parses the whole line
 * with exact integers when any member needs them (an int then comes back as a decimal string), the fast path parses
 * each resource and scope on its own; the canonical results are the same either way.
 */
function canonicalOf(v: unknown): string {
  try {
    return JSON.stringify([resourceDigestOrEmpty(v), canonicalOtlpPairs((v as { attributes?: unknown })?.attributes)]);
  } catch (e) {
    return `throws ${(e as Error).message}`;
  }
}

interface Summary {
  resource: string;
  scope: string;
  scopeSchemaUrl: unknown;
  resourceIndex: number;
  integrity: unknown;
  eventName: string | undefined;
  body: string | undefined;
  startsWith: boolean[];
  digests: string[];
}

const PREFIXES = ['seclog-genesis/v1', 'seclog.integrity/v1/', 'user', '', 'é'];

function general(line: Buffer): Summary[] | undefined {
  const decoded = decodeLine(line, decodeOptions);
  if (!decoded.request || decoded.problem || decoded.otherSignal) return undefined;
  const out: Summary[] = [];
  const shape = forEachOtlpLogRecord(decoded.request, (ref: OtlpRecordRef) => {
    const lr = ref.logRecord;
    const body = stringBodyOf(lr);
    out.push({
      resource: canonicalOf(ref.resource),
      scope: canonicalOf(ref.scope),
      scopeSchemaUrl: ref.scopeSchemaUrl,
      resourceIndex: ref.resourceIndex,
      integrity: readIntegrityAttributes(lr, STREAM, SEQ),
      eventName: eventNameOf(lr),
      body,
      startsWith: PREFIXES.map((p) => body?.startsWith(p) === true),
      digests: SEALS.map(([s, q, r]) => {
        const form = canonicalForm(lr, ref, s, q, r, EXCLUDE);
        return form.ok ? recordDigest(form.text).toString('hex') : `unverifiable ${form.reason}`;
      }),
    });
  });
  return shape.skipped > 0 ? undefined : out;
}

const reader = new FastLineReader({ streamKey: STREAM, seqKey: SEQ });

function fast(line: Buffer): Summary[] | undefined {
  const records = reader.read(line);
  if (!records) return undefined;
  return records.map((r) => ({
    resource: canonicalOf(r.resource),
    scope: canonicalOf(r.scope),
    scopeSchemaUrl: r.scopeSchemaUrl,
    resourceIndex: r.resourceIndex,
    integrity: r.integrity,
    eventName: r.eventName,
    body: r.body,
    startsWith: PREFIXES.map((p) => r.bodyStartsWith(p)),
    digests: SEALS.map(([s, q, rd]) => r.digest(s, q, rd).toString('hex')),
  }));
}

/** The fast path took the line: then it must agree with the general path, which must read it without problems. */
function checkLine(line: Buffer): boolean {
  const f = fast(line);
  if (f === undefined) return false;
  expect(f).toEqual(general(line));
  return true;
}

const tricky = fc.constantFrom(
  'a',
  'é',
  '😀',
  '\ud800',
  '\udfff',
  '\u2028',
  '\u0000',
  '\n',
  '"',
  '\\',
  '/',
  '\uff61',
  ' ',
);
const text = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.string({ unit: tricky, maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
const intJson = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -0, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 1e21, 1.5, -1),
  fc.constantFrom('9223372036854775807', '-9223372036854775808', '9223372036854775808', '007', '-0', '1e3', ''),
);
const scalar = fc.oneof(
  text.map((s) => ({ stringValue: s })),
  fc.boolean().map((b) => ({ boolValue: b })),
  intJson.map((i) => ({ intValue: i })),
  fc
    .oneof(fc.double(), fc.constantFrom('NaN', 'Infinity', '-Infinity', '1.5', 'x', 0.1, 1e-7, 123456.789, 5e-324))
    .map((d) => ({ doubleValue: d })),
  fc.oneof(fc.base64String({ maxLength: 12 }), fc.constantFrom('-_8', 'AQI', '!!')).map((b) => ({ bytesValue: b })),
  fc.constantFrom({}, { stringValue: 'a', boolValue: true }, { arrayValue: {} }, { kvlistValue: {} }),
);
const { value: anyValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }).map((values) => ({ arrayValue: { values } })),
    fc
      .array(fc.record({ key: text, value: tie('value') }, { requiredKeys: ['key'] }), { maxLength: 3 })
      .map((values) => ({ kvlistValue: { values } })),
  ),
}));
const attribute = fc.oneof(
  { weight: 4, arbitrary: fc.record({ key: text, value: anyValue }) },
  fc.record({ key: fc.constantFrom('k', 'k', 'a', 'b'), value: anyValue }),
  fc.constant({ key: STREAM, value: { stringValue: 'c3RyZWFtLTIyOTI0LTEteH' } }),
  fc.record({
    key: fc.constant(SEQ),
    value: fc.oneof(intJson, fc.constantFrom(12, '12')).map((i) => ({ intValue: i })),
  }),
  fc.constant({ key: 'seclog.integrity.s\u0065q', value: { intValue: 3 } }),
  fc.constant({ key: SEQ, value: { stringValue: '3' } }),
);
const logRecord = fc.record(
  {
    timeUnixNano: fc.oneof(
      fc.constantFrom('1795000000000000000', '0', '18446744073709551615', '18446744073709551616'),
      intJson,
    ),
    observedTimeUnixNano: fc.constantFrom('1795000000000000007', 1795000000, '00012'),
    severityNumber: intJson,
    severityText: text,
    eventName: fc.oneof(text, fc.constantFrom('seclog.integrity.checkpoint', 'seclog.integrity.genesis')),
    body: fc.oneof(
      anyValue,
      fc.constantFrom(
        { stringValue: 'seclog-genesis/v1\no x' },
        { stringValue: 'seclog.integrity/v1/abc\n' },
        { stringValue: 'user 1 signed in' },
        { stringValue: 'é user' },
      ),
    ),
    attributes: fc.array(attribute, { maxLength: 6 }),
    droppedAttributesCount: fc.oneof(fc.constantFrom(0, 3, 4294967295, 4294967296, '7'), intJson),
    flags: fc.constantFrom(0, 1, 257, '1'),
    traceId: fc.constantFrom(
      '5b8efff798038103d269b633813fc60c',
      '5B8EFFF798038103D269B633813FC60C',
      '0'.repeat(32),
      'xyz',
      '',
    ),
    spanId: fc.constantFrom('eee19b7ec3c1b174', '0000000000000000', 'EEE19B7EC3C1B17'),
  },
  { requiredKeys: [] },
);
const scopeLogs = fc.record(
  {
    scope: fc.record(
      { name: text, version: text, attributes: fc.array(fc.record({ key: text, value: anyValue }), { maxLength: 2 }) },
      { requiredKeys: [] },
    ),
    schemaUrl: text,
    logRecords: fc.array(logRecord, { maxLength: 4 }),
  },
  { requiredKeys: ['logRecords'] },
);
const requestArb = fc.record({
  resourceLogs: fc.array(
    fc.record(
      {
        resource: fc.record({
          attributes: fc.array(fc.record({ key: text, value: anyValue }), { maxLength: 2 }),
          droppedAttributesCount: fc.constantFrom(0, 1),
        }),
        scopeLogs: fc.array(scopeLogs, { maxLength: 2 }),
        schemaUrl: text,
      },
      { requiredKeys: ['scopeLogs'] },
    ),
    { minLength: 1, maxLength: 2 },
  ),
});

/** JSON text of `v` with members in reverse order (exporters differ in order). */
function reversed(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(reversed).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.entries(v)
      .reverse()
      .map(([k, x]) => `${JSON.stringify(k)}:${reversed(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

describe('fast line reader vs general path', () => {
  it('agrees on generated requests, however they are written', () => {
    let taken = 0;
    fc.assert(
      fc.property(requestArb, (req) => {
        for (const text of [JSON.stringify(req), JSON.stringify(req, null, 1), reversed(req)]) {
          if (checkLine(Buffer.from(text, 'utf8'))) taken++;
        }
      }),
      { numRuns: 1500 },
    );
    // Most generated lines are what exporters write: the fast path must take a good share of them.
    expect(taken).toBeGreaterThan(600);
  });

  it('agrees on corrupted lines (or leaves them to the general path)', () => {
    fc.assert(
      fc.property(
        requestArb,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), {
          minLength: 1,
          maxLength: 3,
        }),
        (req, edits) => {
          let bytes = [...Buffer.from(JSON.stringify(req), 'utf8')];
          for (const [at, byte, kind] of edits) {
            const i = at % (bytes.length + 1);
            if (kind === 'set' && i < bytes.length) bytes[i] = byte;
            else if (kind === 'insert') bytes.splice(i, 0, byte);
            else bytes.splice(i, 1);
          }
          bytes = bytes.length > 0 ? bytes : [0x7b];
          checkLine(Buffer.from(bytes));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('takes the lines exporters write and leaves unusual ones to the general path', () => {
    const record =
      '{"timeUnixNano":"1795000000000001000","severityNumber":9,"body":{"stringValue":"hi"},"attributes":[{"key":"seclog.integrity.stream","value":{"stringValue":"c3RyZWFtLTIyOTI0LTEteH"}},{"key":"seclog.integrity.seq","value":{"intValue":1}}],"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","flags":1}';
    const line = (r: string) =>
      Buffer.from(`{"resourceLogs":[{"resource":{},"scopeLogs":[{"scope":{"name":"app"},"logRecords":[${r}]}]}]}`);
    expect(checkLine(line(record))).toBe(true);
    for (const unusual of [
      record.replace('"severityNumber":9', '"severityNumber":9,"severityNumber":10'), // duplicate member
      record.replace('"severityNumber":9', '"severityNumber":null'),
      record.replace('"severityNumber":9', '"severityNumber":9.0'),
      record.replace('"severityNumber":9', '"severity_number":9'), // unknown member
      record.replace('"flags":1', '"flags":1,"extra":{}'),
      record.replace('{"stringValue":"hi"}', '{"stringValue":"hi","boolValue":true}'),
      record.replace('{"stringValue":"hi"}', '{"stringValue":"h\\u0069"}'),
    ]) {
      const l = line(unusual);
      const f = reader.read(l);
      if (f !== undefined) expect(fast(l)).toEqual(general(l));
    }
    // Escaped strings are taken (decoded), and must agree.
    expect(checkLine(line(record.replace('{"stringValue":"hi"}', '{"stringValue":"h\\u0069\\n\\ud800"}')))).toBe(true);
    // Duplicates, nulls, fractions and unknown members are left to the general path.
    expect(reader.read(line(record.replace('"severityNumber":9', '"severityNumber":null')))).toBeUndefined();
    expect(reader.read(line(record.replace('"severityNumber":9', '"severityNumber":9.0')))).toBeUndefined();
    expect(reader.read(line(record.replace('"flags":1', '"flags":1,"extra":{}')))).toBeUndefined();
    // Not JSON, torn, or not a logs request: general path.
    expect(reader.read(Buffer.from('{"resourceLogs":[]}x'))).toBeUndefined();
    expect(reader.read(Buffer.from('{"resourceSpans":[]}'))).toBeUndefined();
    expect(reader.read(line(record).subarray(0, 100))).toBeUndefined();
  });
});
