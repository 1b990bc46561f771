/**
 * The line decoder: bounded parsing (scan, then record-by-record parsing of large requests), exact 64-bit integers,
 * torn-line recovery and the one-line problems it reports.
 */
import { readFileSync } from 'node:fs';
import type { Logger } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { recordDigest } from '../../src/canonical/digest.js';
import { canonicalizeOtlpLogRecord } from '../../src/canonical/from-otlp.js';
import { exactInteger, parseJsonExact } from '../../src/internal/verify/exact-json.js';
import { scanJson } from '../../src/internal/verify/json-scan.js';
import {
  type DecodedLine,
  decodeLine,
  type LogsRequest,
  OVERSIZED_RECORD,
} from '../../src/internal/verify/line-decoder.js';
import { forEachOtlpLogRecord } from '../../src/internal/verify/otlp-records.js';
import { ed25519Keys, produce, toRequests } from '../attacks/producer.js';

const RECORDS = ['resourceLogs', '*', 'scopeLogs', '*', 'logRecords', '*'];
const sealKeys = ['seclog.integrity.stream', 'seclog.integrity.seq'];

function spansOf(text: string, path = RECORDS) {
  const buf = Buffer.from(text);
  const spans: string[] = [];
  const scan = scanJson(buf, 0, buf.length, path, (s, e) => spans.push(buf.toString('utf8', s, e)));
  return { scan, spans };
}

function request(records: string[], resource = '{}'): string {
  return `{"resourceLogs":[{"resource":${resource},"scopeLogs":[{"scope":{"name":"app"},"logRecords":[${records.join(',')}]}]}]}`;
}

/** Every record the decoded line yields, as plain JSON. */
function recordsOf(decoded: DecodedLine): unknown[] {
  const out: unknown[] = [];
  if (decoded.request) forEachOtlpLogRecord(decoded.request as LogsRequest, (ref) => out.push(ref.logRecord));
  return out;
}

describe('scanJson', () => {
  it('finds every log record span, whatever the strings and nesting around it hold', () => {
    const tricky =
      '{"body":{"stringValue":"a \\" ] } [ { \\\\"},"attributes":[{"key":"k","value":{"arrayValue":{"values":[[[]]]}}}]}';
    const text = request(['{"a":1}', tricky, '[]', '5']);
    const { scan, spans } = spansOf(text);
    expect(scan.wellFormed).toBe(true);
    expect(scan.rootKeys).toEqual(['resourceLogs']);
    // Scalars at the path are left alone; objects and arrays are spans.
    expect(spans).toEqual(['{"a":1}', tricky, '[]']);
  });

  it('matches keys as JSON.parse reads them (escaped spelling)', () => {
    const text = '{"resource\\u004cogs":[{"scopeLogs":[{"log\\u0052ecords":[{"x":1}]}]}]}';
    expect(spansOf(text).spans).toEqual(['{"x":1}']);
    expect(spansOf(text).scan.rootKeys).toEqual(['resourceLogs']);
  });

  it('counts structural tokens ({ [ , : outside strings)', () => {
    expect(spansOf('{"a":[1,2,{"b":"{[,:"}]}').scan.tokens).toBe(7);
  });

  it.each([
    ['an unclosed string', '{"a":"x}'],
    ['a mismatched bracket', '{"a":[1}'],
    ['two top-level values', '{"a":1}{"b":2}'],
    ['a top-level array', '[{"a":1}]'],
    ['an unclosed object', '{"a":{"b":1}'],
  ])('is not well-formed for %s', (_name, text) => {
    expect(spansOf(text).scan.wellFormed).toBe(false);
  });
});

describe('parseJsonExact', () => {
  it('keeps OTLP 64-bit integers beyond 2^53 exact (intValue, timestamps) and leaves other numbers alone', () => {
    const v = parseJsonExact(
      '{"intValue":9007199254740993,"timeUnixNano":1795000000000000001,"doubleValue":9007199254740993,"n":[-9223372036854775808]}',
    ) as Record<string, unknown>;
    expect(v.intValue).toBe('9007199254740993');
    expect(v.timeUnixNano).toBe('1795000000000000001');
    expect(v.doubleValue).toBe(9007199254740992);
    expect(v.n).toEqual([-9223372036854776000]);
  });

  it.each([
    ['whitespace around the colon', '{"intValue" :\t-9223372036854775807}', '-9223372036854775807'],
    ['an escaped key', '{"int\\u0056alue":9007199254740993}', '9007199254740993'],
    ['a fraction that binary64 rounds to an integer', '{"intValue":0.99999999999999999}', Number.NaN],
    ['an exponent that underflows to 0', '{"flags":1e-400}', Number.NaN],
    ['an integral exponent form', '{"severityNumber":1.0e1}', '10'],
  ])('reads an integer member exactly with %s', (_name, text, expected) => {
    const v = parseJsonExact(text) as Record<string, unknown>;
    expect(Object.values(v)[0]).toEqual(expected);
  });

  it('takes the plain path (numbers stay numbers) for short integers, doubles and digits inside strings', () => {
    const v = parseJsonExact(
      '{"intValue":900719925474099,"doubleValue":0.1234567890123456789,"s":"12345678901234567890"}',
    ) as Record<string, unknown>;
    expect(v.intValue).toBe(900719925474099);
    expect(v.doubleValue).toBe(0.12345678901234568);
    expect(v.s).toBe('12345678901234567890');
  });

  it.each([
    ['1000.000', '1000'],
    ['1E3', '1000'],
    ['10000e-1', '1000'],
    ['-0', '0'],
    ['0E999999999', '0'],
    ['9007199254740993.5', Number.NaN],
    ['1e-400', Number.NaN],
    ['1e25', '100000000000000000000'],
  ])('exactInteger(%s) is %s', (source, expected) => {
    expect(exactInteger(source)).toEqual(expected);
  });

  it('agrees with every OTLP/JSON text of the spec golden vectors (docs/spec/otlp-json-input.md)', () => {
    const vectors = JSON.parse(readFileSync(new URL('../../test-vectors/olcf1.json', import.meta.url), 'utf8')) as {
      namespace: string;
      records: {
        name: string;
        seal: { streamId: string; seq: string; resourceDigest: string };
        otlpJson?: string[];
        otlpBytes?: string[];
        expect: { digest: string };
      }[];
    };
    let checked = 0;
    for (const c of vectors.records) {
      const texts = [
        ...(c.otlpJson ?? []),
        ...(c.otlpBytes ?? []).map((b) => Buffer.from(b, 'base64').toString('utf8')),
      ];
      for (const text of texts) {
        const o = parseJsonExact(text) as { logRecord: Record<string, unknown>; scope?: unknown; schemaUrl?: unknown };
        const form = canonicalizeOtlpLogRecord(o.logRecord, {
          ...c.seal,
          scope: o.scope as never,
          scopeSchemaUrl: o.schemaUrl,
          namespace: vectors.namespace,
        });
        expect(recordDigest(form.text).toString('base64'), c.name).toBe(c.expect.digest);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('decodeLine', () => {
  it('parses a small request whole', () => {
    const d = decodeLine(Buffer.from(request(['{"a":1}'])), { sealKeys });
    expect(d.request?.kind).toBe('whole');
    expect(d.problem).toBeUndefined();
    expect(recordsOf(d)).toEqual([{ a: 1 }]);
  });

  it('splits a request over the token limit and parses its records one at a time', () => {
    const records = Array.from({ length: 50 }, (_, i) => `{"seq":${i},"v":[1,2,3]}`);
    const d = decodeLine(Buffer.from(request(records)), { sealKeys, maxParseTokens: 128 });
    expect(d.request?.kind).toBe('split');
    expect(recordsOf(d)).toEqual(records.map((r) => JSON.parse(r)));
  });

  it('does not parse a record over the limit: only its seal attributes are read, and it is marked oversized', () => {
    const seal =
      '{"key":"seclog.integrity.stream","value":{"stringValue":"s"}},{"key":"seclog.integrity.seq","value":{"intValue":7}}';
    const huge = `{"body":{"arrayValue":{"values":[${'{},'.repeat(500)}{}]}},"attributes":[{"key":"x","value":{"stringValue":"seclog.integrity.seq"}},${seal}]}`;
    const d = decodeLine(Buffer.from(request(['{"a":1}', huge])), { sealKeys, maxParseTokens: 200 });
    const [small, big] = recordsOf(d) as Record<string | symbol, unknown>[];
    expect(small).toEqual({ a: 1 });
    expect(big!.attributes).toEqual(JSON.parse(`[${seal}]`));
    expect(big![OVERSIZED_RECORD]).toBeGreaterThan(1000);
    expect(big!.body).toBeUndefined();
  });

  it('refuses a request whose skeleton alone is over the limit', () => {
    const resource = `{"attributes":[${Array.from({ length: 100 }, (_, i) => `{"key":"k${i}"}`).join(',')}]}`;
    const d = decodeLine(Buffer.from(request(['{"a":1}'], resource)), { sealKeys, maxParseTokens: 64 });
    expect(d.request).toBeUndefined();
    expect(d.problem).toBe('request too large to verify: more than 64 JSON tokens outside its log records');
  });

  it('recovers the intact request after a torn fragment (interleaved writers) and reports the line', () => {
    const whole = request(['{"a":1}']);
    const torn = `${request(['{"b":2}']).slice(0, 30)}${whole}`;
    const d = decodeLine(Buffer.from(torn), { sealKeys });
    expect(recordsOf(d)).toEqual([{ a: 1 }]);
    expect(d.problem).toBe(
      'torn line: its first 30 bytes are not valid JSON (interleaved or partial write); the request after them was verified',
    );
  });

  it('recovers the request after a tear wherever the tear falls, the member-name check notwithstanding', async () => {
    // A fragment cut inside a string turns the rest of the line inside out for a scan of member names: values become
    // names, and after each comma in a value ("gzip, deflate") the same text reads as a repeated member name. Only a
    // line that is JSON has member names.
    const emit = (logger: Logger, i: number) =>
      logger.emit({ body: `GET /cart/${i}`, attributes: { 'http.request.header.accept-encoding': 'gzip, deflate' } });
    const records = await produce({ signer: ed25519Keys().signer, records: 6, maxRecords: 8, emit });
    const [fragment, whole] = toRequests(records, 'js', 3).map((r) => JSON.stringify(r));
    const unrecovered: number[] = [];
    for (let cut = 1; cut < fragment!.length; cut++) {
      const d = decodeLine(Buffer.from(fragment!.slice(0, cut) + whole), { sealKeys });
      const recovered = d.problem?.startsWith(`torn line: its first ${cut} bytes`) === true;
      if (!recovered || recordsOf(d).length !== 3) unrecovered.push(cut);
    }
    expect(unrecovered).toEqual([]);
  });

  it('still refuses a line that is JSON and repeats a member name, torn in front or not', () => {
    const repeated = request(['{"a":1}']).replace('{"resourceLogs":', '{"resourceLogs":[],"resourceLogs":');
    const refused =
      'ambiguous OTLP/JSON: an object repeats a member name, which readers resolve differently; line not verified';
    expect(decodeLine(Buffer.from(repeated), { sealKeys })).toEqual({ problem: refused });
    expect(decodeLine(Buffer.from(repeated), { sealKeys, maxParseTokens: 4 })).toEqual({ problem: refused });
    // After a tear, nothing of the ambiguous request is read either.
    const torn = decodeLine(Buffer.from(request(['{"b":2}']).slice(0, 30) + repeated), { sealKeys });
    expect(torn.request).toBeUndefined();
    expect(torn.problem).toBe('not valid JSON (torn, truncated or corrupt line)');
  });

  it.each([
    ['torn JSON', request(['{"a":1}']).slice(0, 40), 'not valid JSON (torn, truncated or corrupt line)'],
    ['a JSON array', '[1,2]', 'not an OTLP logs request (not a JSON object)'],
    ['JSON of another kind', '{"level":"info","msg":"hello"}', 'JSON but not an OTLP logs request (no resourceLogs)'],
  ])('reports %s as a problem without content', (_name, text, problem) => {
    const d = decodeLine(Buffer.from(text), { sealKeys });
    expect(d.request).toBeUndefined();
    expect(d.problem).toBe(problem);
  });

  it('skips requests of other OTLP signals without a problem, also when scanned', () => {
    const spans = '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"x"}]}]}]}';
    expect(decodeLine(Buffer.from(spans), { sealKeys })).toEqual({ otherSignal: true });
    expect(decodeLine(Buffer.from(spans), { sealKeys, maxParseTokens: 4 })).toEqual({ otherSignal: true });
  });

  it('treats {} as an empty logs request', () => {
    const d = decodeLine(Buffer.from('{}'), { sealKeys });
    expect(d.problem).toBeUndefined();
    expect(recordsOf(d)).toEqual([]);
  });
});

describe('forEachOtlpLogRecord', () => {
  it('skips malformed entries, counts them, and walks the rest', () => {
    const value = JSON.parse(
      '{"resourceLogs":[5,{"scopeLogs":[{"logRecords":[1,{"a":1}]},{"logRecords":{"x":1}}]},{"scopeLogs":[{"logRecords":[{"b":2}]}]}]}',
    );
    const seen: unknown[] = [];
    const problems = forEachOtlpLogRecord({ kind: 'whole', value }, (ref) => seen.push(ref.logRecord));
    expect(seen).toEqual([{ a: 1 }, { b: 2 }]);
    expect(problems).toEqual({ skipped: 3, first: 'resourceLogs entry is not an object' });
  });
});
