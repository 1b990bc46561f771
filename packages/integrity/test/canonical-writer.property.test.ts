/**
 * Property: the byte writer (`canonical/writer.ts`), which produces every record's canonical text, gives exactly the
 * text of the reference encoding — tagged arrays serialized by `JSON.stringify` (`canonicalAnyValue`,
 * `canonicalOtlpPairs`) — and the same unverifiable reason when a record cannot be encoded, on the SDK side and on the
 * OTLP/JSON side: strings with every escape, lone surrogates (also in keys that collide once normalized), astral
 * characters, all number classes, bytes, deep nesting, shared references and cycles, malformed OTLP values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizeOtlpLogRecord, canonicalOtlpPairs } from '../src/canonical/from-otlp.js';
import { canonicalAnyValue, canonicalizeLogRecord, canonicalPairs } from '../src/canonical/from-record.js';
import { CanonicalizationError, OLCF1_MAX_DEPTH, unverifiableText } from '../src/canonical/tuple.js';

const SEAL = {
  streamId: 'AbCdEfGhIjKlMnOpQrStUv',
  seq: 42,
  resourceDigest: 'hVdObYriLbnwTzIAqVOwxF2hCBGBkYQFqc/tFvNEWn4=',
};
const tricky = fc.constantFrom(
  'a',
  'Z',
  'é',
  'ß',
  '€',
  '😀',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\u2028',
  '\u007f',
  '\u0000',
  '\u0008',
  '\t',
  '\n',
  '\u000b',
  '\f',
  '\r',
  '\u001f',
  '"',
  '\\',
  '/',
  '\uff61',
  ' ',
);
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: tricky, maxLength: 8 }),
  fc.string({ unit: tricky, minLength: 40, maxLength: 90 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 40, maxLength: 120 }),
  // Long strings without escapes take the native path of the writer; some of them are not ASCII.
  fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', 'ß', '\u2028'), minLength: 49, maxLength: 100 }),
);
const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    9,
    10,
    999_999_999,
    1e9,
    2 ** 31,
    2 ** 53,
    2 ** 53 + 2,
    2 ** 60,
    -(2 ** 63),
    2 ** 63,
    1e21,
    Number.MAX_SAFE_INTEGER,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    5e-324,
  ),
);
const scalar = fc.oneof(
  text,
  number,
  fc.boolean(),
  fc.uint8Array({ maxLength: 10 }),
  fc.uint8Array({ minLength: 90, maxLength: 130 }),
  fc.constantFrom(null, undefined, 10n),
);
const { value: jsValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 5 }),
    fc.dictionary(fc.constantFrom('\ud800', '\udfff', '\ufffd', 'a', 'b'), tie('value'), { maxKeys: 3 }),
  ),
}));

/** The reference: each slot through the tagged-array encoders and one `JSON.stringify`. */
function referenceRecordText(r: {
  body: unknown;
  attributes?: Record<string, unknown>;
  scopeAttributes?: Record<string, unknown>;
  exclude?: ReadonlySet<string>;
}): { ok: boolean; text: string; reason?: string } {
  try {
    const pairs = (attrs: Record<string, unknown> | undefined, exclude?: ReadonlySet<string>) =>
      attrs ? canonicalPairs(Object.fromEntries(Object.entries(attrs).filter(([k]) => !exclude?.has(k)))) : [];
    const scopePairs = pairs(r.scopeAttributes);
    const body = canonicalAnyValue(r.body);
    const attrs = pairs(r.attributes, r.exclude);
    const text = JSON.stringify([
      'olcf1',
      SEAL.streamId,
      '42',
      SEAL.resourceDigest,
      'lib',
      '',
      '',
      scopePairs,
      '1700000000000000005',
      '0',
      '9',
      'INFO',
      '',
      body,
      attrs,
      '0',
      '',
      '',
      '0',
    ]);
    return { ok: true, text };
  } catch (e) {
    const reason = e instanceof CanonicalizationError ? e.reason : 'internal-error';
    return { ok: false, reason, text: unverifiableText(SEAL.streamId, '42', reason as never) };
  }
}

describe('canonical byte writer vs tagged-array reference', () => {
  it('SDK records: same text and same reason', () => {
    fc.assert(
      fc.property(
        jsValue,
        fc.dictionary(text, jsValue, { maxKeys: 12 }),
        fc.dictionary(text, jsValue, { maxKeys: 3 }),
        (body, attributes, scopeAttributes) => {
          const exclude = new Set(Object.keys(attributes).slice(0, 1));
          const form = canonicalizeLogRecord(
            {
              body,
              attributes,
              hrTime: [1700000000, 5],
              severityNumber: 9,
              severityText: 'INFO',
              instrumentationScope: { name: 'lib', attributes: scopeAttributes },
            },
            { ...SEAL, excludeAttributes: exclude },
          );
          const ref = referenceRecordText({ body, attributes, scopeAttributes, exclude });
          expect(form.text).toBe(ref.text);
          expect(form.ok).toBe(ref.ok);
          if (!ref.ok) expect(form.reason).toBe(ref.reason);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('SDK records: the same key list twice (shape cache) and in another order give the same text', () => {
    fc.assert(
      fc.property(fc.dictionary(text, jsValue, { minKeys: 2, maxKeys: 8 }), (attributes) => {
        const seal = { ...SEAL };
        const a = canonicalizeLogRecord({ attributes }, seal).text;
        const b = canonicalizeLogRecord({ attributes }, seal).text;
        const reversed = Object.fromEntries(Object.entries(attributes).reverse());
        expect(b).toBe(a);
        expect(canonicalizeLogRecord({ attributes: reversed }, seal).text).toBe(a);
      }),
      { numRuns: 500 },
    );
  });

  it('cycles, depth and value limits give the reference reason', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { deeper: [cyclic] };
    const deep = (n: number): unknown => (n === 0 ? [] : [deep(n - 1)]);
    const cycleBehindDeepSibling = { a: deep(OLCF1_MAX_DEPTH + 5), b: cyclic };
    const cycleBeforeDeepSibling = { a: cyclic, b: deep(OLCF1_MAX_DEPTH + 5) };
    const wide = Array.from({ length: 1_000_001 }, () => 0);
    const cycleInsideWide = [wide, cyclic];
    for (const body of [
      cyclic,
      deep(OLCF1_MAX_DEPTH - 1),
      deep(OLCF1_MAX_DEPTH),
      cycleBehindDeepSibling,
      cycleBeforeDeepSibling,
      wide,
      cycleInsideWide,
      [cyclic, wide],
      { '\ud800': 1, '\udfff': 2 },
      { '\ud800': cyclic, '\udfff': 2 },
      { '\ud800': 1, '\udfff': 2, z: deep(OLCF1_MAX_DEPTH + 1) },
    ]) {
      const form = canonicalizeLogRecord(
        {
          body,
          hrTime: [1700000000, 5],
          severityNumber: 9,
          severityText: 'INFO',
          instrumentationScope: { name: 'lib' },
        },
        SEAL,
      );
      const ref = referenceRecordText({ body });
      expect(form.reason).toBe(ref.reason);
      expect(form.text).toBe(ref.text);
    }
  });
});

// OTLP/JSON AnyValues, mostly well-formed, sometimes not (the verifier must give the same reason either way).
const otlpScalar = fc.oneof(
  text.map((s) => ({ stringValue: s })),
  fc.boolean().map((b) => ({ boolValue: b })),
  fc
    .oneof(
      fc.integer(),
      fc.constantFrom('9223372036854775807', '-9223372036854775808', '9223372036854775808', '1.5', 'x', 2 ** 63),
    )
    .map((i) => ({ intValue: i })),
  fc
    .oneof(fc.double(), fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e3', 'nope', null))
    .map((d) => ({ doubleValue: d })),
  fc.oneof(fc.base64String(), fc.constantFrom('AQI', 'AQI=', '-_8', 'A', '!!', 5)).map((b) => ({ bytesValue: b })),
  fc.constantFrom(
    {},
    null,
    undefined,
    'str',
    7,
    [],
    { stringValue: 1 },
    { boolValue: 'true' },
    { stringValue: 'a', intValue: 1 },
  ),
);
const { value: otlpValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    otlpScalar,
    fc.array(tie('value'), { maxLength: 4 }).map((values) => ({ arrayValue: { values } })),
    fc.constantFrom(
      { arrayValue: {} },
      { arrayValue: { values: null } },
      { arrayValue: 1 },
      { arrayValue: { values: {} } },
      { kvlistValue: {} },
      { kvlistValue: [] },
    ),
    tie('kvlist'),
  ),
  kvlist: fc
    .array(fc.record({ key: fc.oneof(text, fc.constantFrom('\ud800', '\udfff', 'k', 'k')), value: tie('value') }), {
      maxLength: 5,
    })
    .map((values) => ({ kvlistValue: { values } })),
}));

describe('canonical byte writer vs tagged-array reference (OTLP/JSON)', () => {
  it('OTLP records: same text and same reason', () => {
    fc.assert(
      fc.property(
        otlpValue,
        fc.array(
          fc.record({
            key: fc.oneof(text, fc.constantFrom('k', 'seclog.integrity.seq', '\ud800', '\udfff')),
            value: otlpValue,
          }),
          { maxLength: 10 },
        ),
        (body, attributes) => {
          const form = canonicalizeOtlpLogRecord(
            { body, attributes, timeUnixNano: '1700000000000000005', severityNumber: 9, severityText: 'INFO' },
            { ...SEAL, scope: { name: 'lib' } },
          );
          let ref: { ok: boolean; text: string; reason?: string };
          try {
            const bodyPairs = canonicalOtlpPairs([{ key: 'b', value: body }]);
            const attrPairs = canonicalOtlpPairs(
              attributes.filter((kv) => kv.key !== 'seclog.integrity.seq' && kv.key !== 'seclog.integrity.stream'),
            );
            const t = JSON.stringify([
              'olcf1',
              SEAL.streamId,
              '42',
              SEAL.resourceDigest,
              'lib',
              '',
              '',
              [],
              '1700000000000000005',
              '0',
              '9',
              'INFO',
              '',
              bodyPairs[0]![1],
              attrPairs,
              '0',
              '',
              '',
              '0',
            ]);
            ref = { ok: true, text: t };
          } catch (e) {
            const reason = e instanceof CanonicalizationError ? e.reason : 'internal-error';
            ref = { ok: false, reason, text: unverifiableText(SEAL.streamId, '42', reason as never) };
          }
          // The reference walks the body before the attributes, as the record does; a body error wins.
          expect(form.ok).toBe(ref.ok);
          expect(form.text).toBe(ref.text);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
