// Golden vectors for docs/spec: regenerates olcf1.json (record, resource and stream-body cases) and checkpoints.json
// (Merkle roots, checkpoint notes, signatures, notes a v1 parser rejects) from the case definitions below.
//
//   pnpm exec tsc -b packages/integrity && node packages/integrity/test-vectors/generate-olcf1.mjs           # write
//   pnpm exec tsc -b packages/integrity && node packages/integrity/test-vectors/generate-olcf1.mjs --check   # compare
//
// Every case's JS input and every OTLP variant must give the same canonical text, or the generator fails. The test
// packages/integrity/test/olcf1-vectors.test.ts runs buildVectors() on the TypeScript sources and fails when the
// committed files differ from its output (a stale vector file).
import { createHash, createPrivateKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { decodeJsRecord } from './js-values.mjs';
import { decodeUtf8, exactJsonInteger, expandRepeats, parseOtlpJson } from './otlp-json.mjs';

/** The files buildVectors() produces, relative to this directory. */
export const VECTOR_FILES = ['olcf1.json', 'checkpoints.json'];

const STREAM = 'AbCdEfGhIjKlMnOpQrStUv';
const NS = 'seclog.integrity';
const RESOURCE_JS = { 'service.name': 'vectors' };
const SCOPE_JS = { name: 'vectors', version: '1.0.0' };
const SCOPE_OTLP = { name: 'vectors', version: '1.0.0' };
/** Canonical text longer than this is left out of a vector (its length and digest stay). */
const MAX_INLINE_CANONICAL = 65536;
const INTEGER_FIELDS = new Set(['intValue', 'timeUnixNano', 'observedTimeUnixNano', 'severityNumber', 'droppedAttributesCount', 'flags']);

const jsBase = {
  instrumentationScope: SCOPE_JS,
  hrTime: [1764000000, 123456789],
  hrTimeObserved: [1764000000, 223456789],
  severityNumber: 9,
  severityText: 'INFO',
  attributes: { [`${NS}.stream`]: STREAM, [`${NS}.seq`]: 1 },
};
const otlpBase = {
  timeUnixNano: '1764000000123456789',
  observedTimeUnixNano: '1764000000223456789',
  severityNumber: 9,
  severityText: 'INFO',
  attributes: [
    { key: `${NS}.stream`, value: { stringValue: STREAM } },
    { key: `${NS}.seq`, value: { intValue: 1 } },
  ],
};

/** A case whose body differs: js body value (tagged) and OTLP body variants. */
const body = (name, note, js, otlpBodies) => ({
  name,
  note,
  js: js === NONE ? undefined : { ...jsBase, body: js },
  otlp: otlpBodies.map((b) => ({ logRecord: { ...otlpBase, ...(b === NONE ? {} : { body: b }) }, scope: SCOPE_OTLP })),
});
const NONE = Symbol('none');

/** OTLP/JSON text of the base record with `fields` spliced in as raw JSON text (numbers keep their exact digits). */
function otlpText(fields) {
  const marker = (k) => `"@@${k}@@"`;
  const logRecord = { ...otlpBase };
  for (const k of Object.keys(fields)) logRecord[k] = `@@${k}@@`;
  let text = JSON.stringify({ logRecord, scope: SCOPE_OTLP });
  for (const [k, raw] of Object.entries(fields)) text = text.replace(marker(k), raw);
  return text;
}
/** A case read from OTLP/JSON texts: each raw body text is spliced into the base record. */
const bodyText = (name, note, rawBodies, extra = {}) => ({
  name,
  note,
  otlp: [],
  otlpJson: rawBodies.map((raw) => otlpText({ body: raw })),
  ...extra,
});
/** A case with other record fields changed (JS record fields and OTLP record fields). */
const fields = (name, note, js, otlpVariants) => ({
  name,
  note,
  js: js === NONE ? undefined : { ...jsBase, ...js },
  otlp: otlpVariants.map((f) => ({ logRecord: { ...otlpBase, ...f }, scope: SCOPE_OTLP })),
});

function nestedJs(depth) {
  let v = [];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}
function nestedOtlp(depth) {
  let v = { arrayValue: {} };
  for (let i = 1; i < depth; i++) v = { arrayValue: { values: [v] } };
  return v;
}
function nestedMapJs(depth) {
  let v = {};
  for (let i = 1; i < depth; i++) v = { k: v };
  return v;
}
function nestedMapOtlp(depth) {
  let v = { kvlistValue: {} };
  for (let i = 1; i < depth; i++) v = { kvlistValue: { values: [{ key: 'k', value: v }] } };
  return v;
}
const attr = (key, value) => ({ key, value });

const classicCases = [
  body('int-1', 'integer', 1, [{ intValue: 1 }, { intValue: '1' }]),
  body('int-from-1.0', 'JS 1.0 is Number.isInteger → intValue', { $num: '1.0' }, [{ intValue: 1 }]),
  body('int-negative-zero', '-0 is an integer → "0"', { $num: '-0' }, [{ intValue: 0 }, { intValue: '0' }, { intValue: '-0' }]),
  body('int-2^53', '', 9007199254740992, [{ intValue: 9007199254740992 }, { intValue: '9007199254740992' }]),
  body('int-2^53+2', '', 9007199254740994, [{ intValue: '9007199254740994' }]),
  body('int-2^60-exact', 'exact BigInt, never String() ("1152921504606847000")', { $num: '1152921504606846976' }, [
    { intValue: '1152921504606846976' },
  ]),
  body('int-int64-min', '', { $num: '-9223372036854775808' }, [{ intValue: '-9223372036854775808' }]),
  body('int-2^63-as-double', 'integer-valued JS numbers outside int64 are sealed as doubles (protobuf exporter)', { $num: '9223372036854775808' }, [
    { doubleValue: 9223372036854775808 },
  ]),
  body('int-1e21-as-double', 'String(1e21) is "1e+21"; sealed as a double', { $num: '1e21' }, [{ doubleValue: 1e21 }, { doubleValue: '1e21' }]),
  body('int-outside-int64-from-otlp', 'OTLP intValue beyond int64 is rejected (unverifiable text)', NONE, [{ intValue: '9223372036854775808' }]),
  body('double-1.5', '', 1.5, [{ doubleValue: 1.5 }, { doubleValue: '1.5' }]),
  body('double-0.1+0.2', '', 0.30000000000000004, [{ doubleValue: 0.30000000000000004 }]),
  body('double-subnormal', '', { $num: '5e-324' }, [{ doubleValue: 5e-324 }]),
  body('double-nan', 'every NaN → 7ff8000000000000', { $num: 'NaN' }, [{ doubleValue: 'NaN' }]),
  body('double-infinity', '', { $num: 'Infinity' }, [{ doubleValue: 'Infinity' }]),
  body('double-negative-infinity', '', { $num: '-Infinity' }, [{ doubleValue: '-Infinity' }]),
  body('empty-bigint', 'bigint → ["e"] (exporter sends {})', { $bigint: '10' }, [{}]),
  body('empty-null', '', null, [{}]),
  body('empty-undefined', '', { $undefined: true }, [{}, NONE]),
  body('body-absent', 'absent body ≡ {}', NONE, [NONE, {}]),
  body('empty-object-is-empty-map', 'JS {} → kvlistValue without values', {}, [{ kvlistValue: {} }, { kvlistValue: { values: [] } }]),
  body('date-is-empty-map', 'non-plain objects are maps of their own keys, as the exporter sends them', { $date: '2026-01-01T00:00:00Z' }, [
    { kvlistValue: {} },
  ]),
  body('bytes-empty', '', { $u8: '' }, [{ bytesValue: '' }]),
  body('bytes-base64-variants', 'standard, URL-safe, unpadded → standard padded', { $u8: '+/8=' }, [
    { bytesValue: '+/8=' },
    { bytesValue: '+/8' },
    { bytesValue: '-_8=' },
    { bytesValue: '-_8' },
  ]),
  body('type-bytes-vs-base64-string', 'a string that looks like base64 stays a string', '+/8=', [{ stringValue: '+/8=' }]),
  body('type-string-123', '', '123', [{ stringValue: '123' }]),
  body('type-bool-true', '', true, [{ boolValue: true }]),
  body('type-string-true', '', 'true', [{ stringValue: 'true' }]),
  body('keys-integer-like', 'sorted by UTF-16 code units, not JS object order', { b: 1, 10: 2, a: 3, 9: 4 }, [
    {
      kvlistValue: {
        values: [
          { key: 'b', value: { intValue: 1 } },
          { key: '10', value: { intValue: '2' } },
          { key: 'a', value: { intValue: 3 } },
          { key: '9', value: { intValue: 4 } },
        ],
      },
    },
  ]),
  body('keys-astral-vs-private-use', 'UTF-16 order puts U+1F600 (D83D DE00) before U+E000 and U+FF61', { '\uFF61': 1, '😀': 2, '\uE000': 3 }, [
    {
      kvlistValue: {
        values: [
          { key: '\uE000', value: { intValue: 3 } },
          { key: '\uFF61', value: { intValue: 1 } },
          { key: '😀', value: { intValue: 2 } },
        ],
      },
    },
  ]),
  body('keys-empty-key', '', { '': 'v' }, [{ kvlistValue: { values: [{ key: '', value: { stringValue: 'v' } }] } }, { kvlistValue: { values: [{ value: { stringValue: 'v' } }] } }]),
  body('keys-duplicate-in-otlp', 'duplicate keys are ambiguous → unverifiable', NONE, [
    { kvlistValue: { values: [{ key: 'a', value: { intValue: 1 } }, { key: 'a', value: { intValue: 2 } }] } },
  ]),
  body('string-lone-surrogate', 'toWellFormed → U+FFFD, as the wire encoders do', 'a\ud800b\udfff', [{ stringValue: 'a\uFFFDb\uFFFD' }]),
  body('string-control-characters', 'JSON.stringify escaping; U+2028/2029 and non-ASCII not escaped', '\u0000\u0007\b\t\n\f\r\u001f"\\/\u2028\u2029é', [
    { stringValue: '\u0000\u0007\b\t\n\f\r\u001f"\\/\u2028\u2029é' },
  ]),
  body('string-long', '10,000 characters', 'x'.repeat(10000), [{ stringValue: 'x'.repeat(10000) }]),
  body('array-mixed', '', [1, 'a', 1.5, true, null, { $u8: 'AQ==' }, [{ k: 'v' }]], [
    {
      arrayValue: {
        values: [
          { intValue: '1' },
          { stringValue: 'a' },
          { doubleValue: 1.5 },
          { boolValue: true },
          {},
          { bytesValue: 'AQ' },
          { arrayValue: { values: [{ kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } }] } },
        ],
      },
    },
  ]),
  body('depth-128', 'the deepest accepted nesting', nestedJs(128), [nestedOtlp(128)]),
  body('depth-129', 'one level too deep → unverifiable', nestedJs(129), [nestedOtlp(129)]),
  body('cycle', 'cyclic JS object → unverifiable (no OTLP form exists)', { a: 1, self: { $cycle: true } }, []),
  {
    name: 'record-defaults',
    note: 'every optional field absent: "" / "0" / ["e"] / []',
    js: {},
    otlp: [{ logRecord: {} }, { logRecord: { severityText: '', severityNumber: 0, flags: 0, traceId: '', spanId: '' } }],
    seal: { seq: 0 },
  },
  {
    name: 'record-full',
    note: 'all slots set; ids in any case; integrity attributes excluded from slot 14',
    js: {
      ...jsBase,
      instrumentationScope: { name: 'lib', version: '2.0', schemaUrl: 'https://opentelemetry.io/schemas/1.30.0', attributes: { 'scope.k': 'v' } },
      eventName: 'user.login',
      body: { user: { id: 42, roles: ['a', 'b'] } },
      attributes: { ...jsBase.attributes, 'http.status': 200, ratio: 0.25, ok: true, raw: { $u8: 'AAEC' } },
      droppedAttributesCount: 3,
      spanContext: { traceId: '5B8EFFF798038103D269B633813FC60C', spanId: 'EEE19B7EC3C1B174', traceFlags: 1 },
    },
    otlp: [
      {
        logRecord: {
          ...otlpBase,
          eventName: 'user.login',
          body: {
            kvlistValue: {
              values: [
                {
                  key: 'user',
                  value: {
                    kvlistValue: {
                      values: [
                        { key: 'roles', value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } } },
                        { key: 'id', value: { intValue: '42' } },
                      ],
                    },
                  },
                },
              ],
            },
          },
          attributes: [
            { key: 'raw', value: { bytesValue: 'AAEC' } },
            ...otlpBase.attributes,
            { key: 'ok', value: { boolValue: true } },
            { key: 'ratio', value: { doubleValue: 0.25 } },
            { key: 'http.status', value: { intValue: 200 } },
          ],
          droppedAttributesCount: 3,
          traceId: '5b8efff798038103d269b633813fc60c',
          spanId: 'EEE19B7EC3C1B174',
          flags: 1,
        },
        scope: { name: 'lib', version: '2.0', attributes: [{ key: 'scope.k', value: { stringValue: 'v' } }] },
        schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
      },
    ],
  },
  {
    name: 'record-ids-all-zero',
    note: 'all-zero and malformed ids ≡ ""',
    js: { ...jsBase, spanContext: { traceId: '00000000000000000000000000000000', spanId: '0000000000000000', traceFlags: 0 } },
    otlp: [
      { logRecord: { ...otlpBase, traceId: '00000000000000000000000000000000', spanId: '0000000000000000' }, scope: SCOPE_OTLP },
      { logRecord: { ...otlpBase }, scope: SCOPE_OTLP },
    ],
  },
  {
    name: 'record-attribute-int',
    note: 'compare with record-attribute-string: only the type differs',
    js: { ...jsBase, attributes: { ...jsBase.attributes, n: 123 } },
    otlp: [{ logRecord: { ...otlpBase, attributes: [...otlpBase.attributes, { key: 'n', value: { intValue: '123' } }] }, scope: SCOPE_OTLP }],
  },
  {
    name: 'record-attribute-string',
    note: '',
    js: { ...jsBase, attributes: { ...jsBase.attributes, n: '123' } },
    otlp: [{ logRecord: { ...otlpBase, attributes: [...otlpBase.attributes, { key: 'n', value: { stringValue: '123' } }] }, scope: SCOPE_OTLP }],
  },
];


const SPAN = { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174' };
const deepJs = (depth) => nestedJs(depth);

/** Cases added for docs/spec: each resolves one point the earlier documents left open. */
const specCases = [
  // Integers beyond 2^53: JSON numbers are read from their digits (otlp-json-input.md, "Integers").
  bodyText('int-2^53+1-json-number', 'a JSON number in intValue is read exactly; a binary64 reader would make it …992', [
    '{"intValue":9007199254740993}',
    '{"intValue":"9007199254740993"}',
  ]),
  bodyText('int-int64-max-json-number', 'the largest int64, as a JSON number and as a string', [
    '{"intValue":9223372036854775807}',
    '{"intValue":"9223372036854775807"}',
  ]),
  bodyText('int-int64-min-json-number', 'the smallest int64', ['{"intValue":-9223372036854775808}', '{"intValue":"-9223372036854775808"}']),
  bodyText('int-2^63-json-number', 'one beyond int64 (either end) → invalid-value', [
    '{"intValue":9223372036854775808}',
    '{"intValue":"9223372036854775808"}',
    '{"intValue":-9223372036854775809}',
  ]),
  bodyText(
    'int-2^60-json-number-as-js-writes-it',
    'JSON.stringify(2**60) is 1152921504606847000; read exactly that is not the 1152921504606846976 a JS producer seals (int-2^60-exact), so such a record verifies as MODIFIED',
    ['{"intValue":1152921504606847000}', '{"intValue":"1152921504606847000"}'],
  ),
  bodyText('int-json-number-integral-forms', 'a fraction of zeros or an exponent is fine when the value is an integer', [
    '{"intValue":1000}',
    '{"intValue":1000.000}',
    '{"intValue":1E3}',
    '{"intValue":1e+3}',
    '{"intValue":10000e-1}',
    '{"intValue":"1000"}',
  ]),
  bodyText('int-json-number-zero-forms', 'every spelling of zero, also with a huge exponent', [
    '{"intValue":0}',
    '{"intValue":-0}',
    '{"intValue":0.0}',
    '{"intValue":0e-5}',
    '{"intValue":0E999999999}',
    '{"intValue":"0"}',
    '{"intValue":"-0"}',
    '{"intValue":"000"}',
  ]),
  bodyText('int-json-number-not-integral', 'not an integer → invalid-value, also where a binary64 reader would round it to one', [
    '{"intValue":1.5}',
    '{"intValue":9007199254740993.5}',
    '{"intValue":1e-400}',
  ]),
  bodyText('int-string-forms', 'a decimal string: optional minus, 1–20 digits, leading zeros allowed', [
    '{"intValue":"0042"}',
    '{"intValue":42}',
    '{"intValue":"00000000000000000042"}',
  ]),
  bodyText('int-string-rejected', 'any other string, or another JSON type → invalid-value', [
    '{"intValue":"+1"}',
    '{"intValue":"1.0"}',
    '{"intValue":" 1"}',
    '{"intValue":"1e3"}',
    '{"intValue":"0x1"}',
    '{"intValue":""}',
    '{"intValue":"-"}',
    '{"intValue":"000000000000000000001"}',
    '{"intValue":true}',
    '{"intValue":null}',
  ]),
  {
    name: 'time-json-number-exact',
    note: 'timestamps given as JSON numbers are read exactly too',
    js: jsBase,
    otlp: [{ logRecord: otlpBase, scope: SCOPE_OTLP }],
    otlpJson: [otlpText({ timeUnixNano: '1764000000123456789', observedTimeUnixNano: '1764000000223456789' })],
  },

  // Depth cap (olcf-1.md, "Limits"): arrays and maps are levels; the attribute lists and the body slot are not.
  body('depth-map-128', 'maps count like arrays: 128 nested kvlists are accepted', nestedMapJs(128), [nestedMapOtlp(128)]),
  body('depth-map-129', '129 nested kvlists → depth-exceeded', nestedMapJs(129), [nestedMapOtlp(129)]),
  fields(
    'depth-attribute-128',
    'an attribute value holding 128 nested arrays is accepted: the attribute list itself is not a level',
    { attributes: { ...jsBase.attributes, deep: deepJs(128) } },
    [{ attributes: [...otlpBase.attributes, attr('deep', nestedOtlp(128))] }],
  ),
  fields('depth-attribute-129', '129 nested arrays in an attribute value → depth-exceeded', { attributes: { ...jsBase.attributes, deep: deepJs(129) } }, [
    { attributes: [...otlpBase.attributes, attr('deep', nestedOtlp(129))] },
  ]),
  {
    name: 'depth-scope-attribute-129',
    note: 'scope attribute values are capped the same way',
    js: { ...jsBase, instrumentationScope: { ...SCOPE_JS, attributes: { deep: deepJs(129) } } },
    otlp: [{ logRecord: otlpBase, scope: { ...SCOPE_OTLP, attributes: [attr('deep', nestedOtlp(129))] } }],
  },

  // Value budget (olcf-1.md, "Limits"): body, its elements, record and scope attribute values all count.
  {
    name: 'values-1000000',
    note: '1,000,000 AnyValues: the body, its 999,997 elements, one record attribute and one scope attribute value (the two excluded seal attributes are not counted)',
    js: {
      ...jsBase,
      instrumentationScope: { ...SCOPE_JS, attributes: { s: 'x' } },
      attributes: { ...jsBase.attributes, a: 'x' },
      body: [{ $repeat: 999997, value: null }],
    },
    otlp: [
      {
        logRecord: {
          ...otlpBase,
          attributes: [...otlpBase.attributes, attr('a', { stringValue: 'x' })],
          body: { arrayValue: { values: [{ $repeat: 999997, value: {} }] } },
        },
        scope: { ...SCOPE_OTLP, attributes: [attr('s', { stringValue: 'x' })] },
      },
    ],
  },
  {
    name: 'values-1000001',
    note: 'one value more than values-1000000 → too-many-values',
    js: {
      ...jsBase,
      instrumentationScope: { ...SCOPE_JS, attributes: { s: 'x' } },
      attributes: { ...jsBase.attributes, a: 'x' },
      body: [{ $repeat: 999998, value: null }],
    },
    otlp: [
      {
        logRecord: {
          ...otlpBase,
          attributes: [...otlpBase.attributes, attr('a', { stringValue: 'x' })],
          body: { arrayValue: { values: [{ $repeat: 999998, value: {} }] } },
        },
        scope: { ...SCOPE_OTLP, attributes: [attr('s', { stringValue: 'x' })] },
      },
    ],
  },

  // Duplicate keys (olcf-1.md, "Maps").
  fields('duplicate-attribute-key', 'two record attributes with one key → duplicate-key', NONE, [
    { attributes: [...otlpBase.attributes, attr('a', { intValue: 1 }), attr('a', { intValue: 1 })] },
  ]),
  {
    name: 'duplicate-scope-attribute-key',
    note: 'two scope attributes with one key → duplicate-key',
    otlp: [{ logRecord: otlpBase, scope: { ...SCOPE_OTLP, attributes: [attr('a', {}), attr('a', {})] } }],
  },
  body(
    'duplicate-key-after-surrogate-replacement',
    'lone surrogates become U+FFFD before keys are compared: "\\ud800" and "\\udfff" collide → duplicate-key',
    { '\ud800': 1, '\udfff': 2 },
    [{ kvlistValue: { values: [attr('\ud800', { intValue: 1 }), attr('\udfff', { intValue: 2 })] } }],
  ),
  fields(
    'seal-attributes-excluded-by-key',
    'every <ns>.stream / <ns>.seq entry of the record attributes is left out, also a second one (a verifier still treats such a record as FOREIGN)',
    NONE,
    [{ attributes: [...otlpBase.attributes, attr(`${NS}.seq`, { intValue: 2 })] }, { attributes: [] }],
  ),

  // Record-level fields: invalid-field at the edges of their OTLP types.
  fields(
    'flags-bit-8',
    'all 32 bits of flags are hashed: 257 (bit 8 set) is not 1',
    { spanContext: { ...SPAN, traceFlags: 257 } },
    [{ ...SPAN, flags: 257 }, { ...SPAN, flags: '257' }],
  ),
  fields('flags-uint32-max', 'the largest flags value', { spanContext: { ...SPAN, traceFlags: 4294967295 } }, [
    { ...SPAN, flags: 4294967295 },
  ]),
  fields('flags-without-ids', 'flags are hashed even without trace and span ids', { spanContext: { traceFlags: 1 } }, [{ flags: 1 }]),
  fields('flags-outside-uint32', 'outside uint32, negative or fractional → invalid-field', { spanContext: { ...SPAN, traceFlags: 4294967296 } }, [
    { ...SPAN, flags: 4294967296 },
    { ...SPAN, flags: -1 },
    { ...SPAN, flags: 1.5 },
    { ...SPAN, flags: '0x1' },
  ]),
  fields('dropped-attributes-count-uint32-max', '', { droppedAttributesCount: 4294967295 }, [
    { droppedAttributesCount: 4294967295 },
    { droppedAttributesCount: '4294967295' },
  ]),
  fields('dropped-attributes-count-outside-uint32', '→ invalid-field', { droppedAttributesCount: 4294967296 }, [
    { droppedAttributesCount: 4294967296 },
    { droppedAttributesCount: '4294967296' },
    { droppedAttributesCount: -1 },
  ]),
  fields('time-uint64-max', 'the largest uint64 nanosecond time', { hrTime: [18446744073, 709551615] }, [{ timeUnixNano: '18446744073709551615' }]),
  fields('time-outside-uint64', 'beyond uint64 or negative → invalid-field', { hrTime: [18446744073, 709551616] }, [
    { timeUnixNano: '18446744073709551616' },
    { timeUnixNano: '-1000000000' },
    { timeUnixNano: -1 },
    { observedTimeUnixNano: '1.5' },
  ]),
  fields('severity-number-any-int64', 'severityNumber is an int64 decimal, not checked against the enum range', { severityNumber: -1 }, [
    { severityNumber: -1 },
    { severityNumber: '-1' },
  ]),
  {
    name: 'severity-number-json-number-exact',
    note: 'severityNumber is an int64 field: a JSON number beyond 2^53 is read exactly as well',
    otlp: [{ logRecord: { ...otlpBase, severityNumber: '9007199254740993' }, scope: SCOPE_OTLP }],
    otlpJson: [otlpText({ severityNumber: '9007199254740993' })],
  },
  fields('severity-number-not-integer', '→ invalid-field', { severityNumber: 9.5 }, [{ severityNumber: 9.5 }, { severityNumber: 'INFO' }]),
  fields('string-field-not-string', 'a record-level string field of another JSON type → invalid-field', NONE, [
    { severityText: 9 },
    { eventName: true },
  ]),
  {
    name: 'scope-field-not-string',
    note: 'scope name, version and schemaUrl must be strings → invalid-field',
    otlp: [
      { logRecord: otlpBase, scope: { name: 5 } },
      { logRecord: otlpBase, scope: SCOPE_OTLP, schemaUrl: 7 },
    ],
  },

  // AnyValue structure: invalid-value.
  body('anyvalue-two-value-fields', 'more than one value field → invalid-value', NONE, [
    { stringValue: 'a', intValue: 1 },
    { boolValue: true, doubleValue: 1 },
  ]),
  body('anyvalue-null-value-field', 'a value field present with null → invalid-value (the JS JSON exporter writes NaN as doubleValue null)', NONE, [
    { doubleValue: null },
    { stringValue: null },
    { arrayValue: null },
    { kvlistValue: null },
  ]),
  body('anyvalue-wrong-types', 'a value of the wrong JSON type → invalid-value', NONE, [
    { stringValue: 1 },
    { boolValue: 'true' },
    { arrayValue: { values: {} } },
    { kvlistValue: { values: [1] } },
    { kvlistValue: { values: [{ key: 1, value: {} }] } },
    'text',
  ]),
  fields('attributes-not-a-list', 'record attributes that are not an array → invalid-value', NONE, [{ attributes: {} }]),
  {
    name: 'scope-not-an-object',
    note: 'a scope that is present but not an object (null included) → invalid-value',
    otlp: [
      { logRecord: otlpBase, scope: null },
      { logRecord: otlpBase, scope: 'vectors' },
    ],
  },

  // Absent, null and unknown.
  {
    name: 'null-reads-as-absent',
    note: 'null record fields, KeyValue key and value, and null values lists read as absent',
    js: { ...jsBase, body: { '': null, l: [], m: {} } },
    otlp: [
      {
        logRecord: {
          ...otlpBase,
          eventName: null,
          droppedAttributesCount: null,
          flags: null,
          traceId: null,
          body: {
            kvlistValue: {
              values: [
                { key: null, value: null },
                attr('l', { arrayValue: { values: null } }),
                attr('m', { kvlistValue: { values: null } }),
              ],
            },
          },
        },
        scope: { ...SCOPE_OTLP, attributes: null },
      },
      {
        logRecord: {
          ...otlpBase,
          attributes: null,
          body: { kvlistValue: { values: [{ value: {} }, attr('l', { arrayValue: {} }), attr('m', { kvlistValue: {} })] } },
        },
        scope: SCOPE_OTLP,
      },
    ],
  },
  {
    name: 'unknown-members-ignored',
    note: 'unknown members are ignored; only lowerCamelCase names are read (a record-level rule: a line holding a snake_case member such as time_unix_nano is refused before its records are read)',
    js: { ...jsBase, body: 'x' },
    otlp: [
      { logRecord: { ...otlpBase, body: { stringValue: 'x', fooValue: 1 }, foo: 1 }, scope: { ...SCOPE_OTLP, foo: 2 } },
      { logRecord: { ...otlpBase, body: { stringValue: 'x' }, time_unix_nano: '5', severity_text: 'WARN' }, scope: SCOPE_OTLP },
    ],
  },
  body('anyvalue-without-known-field', 'an AnyValue with no known value field is empty', null, [{ fooValue: 1 }, {}]),
  {
    name: 'scope-dropped-attributes-count-not-hashed',
    note: 'the scope droppedAttributesCount is not part of the canonical form',
    js: { ...jsBase, instrumentationScope: { ...SCOPE_JS, attributes: { 'scope.k': 'v' } } },
    otlp: [0, 7, undefined].map((dropped) => ({
      logRecord: otlpBase,
      scope: { ...SCOPE_OTLP, attributes: [attr('scope.k', { stringValue: 'v' })], ...(dropped === undefined ? {} : { droppedAttributesCount: dropped }) },
    })),
  },
  {
    name: 'namespace-attributes-hashed',
    note: 'only <ns>.stream and <ns>.seq of the record attributes are left out; other keys in the namespace, another namespace and scope attributes are hashed',
    js: {
      ...jsBase,
      instrumentationScope: { ...SCOPE_JS, attributes: { [`${NS}.stream`]: STREAM } },
      attributes: { ...jsBase.attributes, [`${NS}.digest`]: 'x', [`${NS}.note`]: 'y', 'logintegrity.seq': 3 },
    },
    otlp: [
      {
        logRecord: {
          ...otlpBase,
          attributes: [
            ...otlpBase.attributes,
            attr(`${NS}.digest`, { stringValue: 'x' }),
            attr(`${NS}.note`, { stringValue: 'y' }),
            attr('logintegrity.seq', { intValue: '3' }),
          ],
        },
        scope: { ...SCOPE_OTLP, attributes: [attr(`${NS}.stream`, { stringValue: STREAM })] },
      },
    ],
  },

  // Bytes (otlp-json-input.md, "Bytes").
  body('bytes-mixed-alphabets', 'characters of both alphabets may be mixed in one value', { $u8: '+/8=' }, [
    { bytesValue: '+_8=' },
    { bytesValue: '-/8' },
  ]),
  body('bytes-nonzero-trailing-bits', 'the unused low bits of the last character are ignored', { $u8: '+/8=' }, [
    { bytesValue: '+/9' },
    { bytesValue: '+/+=' },
  ]),
  body('bytes-rejected', 'not base64 → invalid-value', NONE, [
    { bytesValue: 'AQ=' },
    { bytesValue: 'AQIDB' },
    { bytesValue: 'AQ===' },
    { bytesValue: 'AQ ==' },
    { bytesValue: 'AQID=' },
    { bytesValue: '=AQ' },
    { bytesValue: 'AQ.=' },
    { bytesValue: 5 },
  ]),

  // Doubles (otlp-json-input.md, "Doubles").
  body('double-numeric-strings', 'decimal strings are read like JSON numbers', 1.5, [
    { doubleValue: 1.5 },
    { doubleValue: '1.5' },
    { doubleValue: '+1.5' },
    { doubleValue: '15e-1' },
    { doubleValue: '.15E1' },
    { doubleValue: '1.50' },
    { doubleValue: '0001.5' },
  ]),
  body('double-integral-value', 'an integral doubleValue stays a double ("d"), never an int', NONE, [
    { doubleValue: 2 },
    { doubleValue: '2' },
    { doubleValue: '2.' },
    { doubleValue: '2e0' },
  ]),
  {
    ...bodyText('double-negative-zero', '-0 keeps its sign bit', ['{"doubleValue":-0}', '{"doubleValue":-0.0}']),
    otlp: [{ logRecord: { ...otlpBase, body: { doubleValue: '-0' } }, scope: SCOPE_OTLP }],
  },
  bodyText('double-overflow-to-infinity', 'beyond the binary64 range rounds to Infinity', [
    '{"doubleValue":1e400}',
    '{"doubleValue":"1e400"}',
    '{"doubleValue":"Infinity"}',
  ]),
  bodyText('double-underflow-to-zero', 'below the smallest subnormal rounds to 0', ['{"doubleValue":1e-400}', '{"doubleValue":"1e-400"}', '{"doubleValue":0}']),
  bodyText('double-long-mantissa', 'many digits are rounded once, to nearest (ties to even)', [
    '{"doubleValue":0.1000000000000000055511151231257827}',
    '{"doubleValue":0.1}',
  ]),
  body('double-string-rejected', 'any other string, or another JSON type → invalid-value', NONE, [
    { doubleValue: ' 1.5' },
    { doubleValue: '1.5 ' },
    { doubleValue: '0x10' },
    { doubleValue: '1_0' },
    { doubleValue: 'inf' },
    { doubleValue: 'nan' },
    { doubleValue: '-NaN' },
    { doubleValue: '+Infinity' },
    { doubleValue: 'infinity' },
    { doubleValue: '1e' },
    { doubleValue: '' },
    { doubleValue: '.' },
    { doubleValue: '-' },
    { doubleValue: '1'.repeat(65) },
    { doubleValue: true },
  ]),

  // Strings read from archive bytes (otlp-json-input.md, "Text").
  {
    name: 'string-invalid-utf8',
    note: 'archive bytes are decoded as UTF-8, each maximal ill-formed subpart → one U+FFFD: E2 82 → 1, C0 80 → 2, ED A0 80 → 3, F0 9F 98 → 1',
    js: { ...jsBase, body: '\uFFFDA|\uFFFD\uFFFD|\uFFFD\uFFFD\uFFFD|\uFFFDB' },
    otlp: [{ logRecord: { ...otlpBase, body: { stringValue: '\uFFFDA|\uFFFD\uFFFD|\uFFFD\uFFFD\uFFFD|\uFFFDB' } }, scope: SCOPE_OTLP }],
    otlpBytes: [
      (() => {
        const [before, after] = otlpText({ body: '{"stringValue":"@S@"}' }).split('@S@');
        const bad = [0xe2, 0x82, 0x41, 0x7c, 0xc0, 0x80, 0x7c, 0xed, 0xa0, 0x80, 0x7c, 0xf0, 0x9f, 0x98, 0x42];
        return Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]).toString('base64');
      })(),
    ],
  },
];

const resources = [
  { name: 'resource-simple', js: RESOURCE_JS, otlp: { attributes: [{ key: 'service.name', value: { stringValue: 'vectors' } }] } },
  {
    name: 'resource-typed-and-sorted',
    js: { 'service.name': 'svc', 'process.pid': 4242, 'host.arch': 'amd64', 'x.list': ['a', 'b'] },
    otlp: {
      attributes: [
        { key: 'service.name', value: { stringValue: 'svc' } },
        { key: 'process.pid', value: { intValue: '4242' } },
        { key: 'host.arch', value: { stringValue: 'amd64' } },
        { key: 'x.list', value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } } },
      ],
      droppedAttributesCount: 0,
    },
  },
  { name: 'resource-empty', js: {}, otlp: {} },
  {
    name: 'resource-dropped-count',
    note: 'the resource droppedAttributesCount is part of the resource digest',
    js: RESOURCE_JS,
    jsDropped: 2,
    otlp: { attributes: [{ key: 'service.name', value: { stringValue: 'vectors' } }], droppedAttributesCount: 2 },
  },
  {
    name: 'resource-ignored-members',
    note: 'schemaUrl (the JS exporter writes one on the resource) and unknown members are not part of the digest',
    js: RESOURCE_JS,
    otlp: { attributes: [{ key: 'service.name', value: { stringValue: 'vectors' } }], schemaUrl: 'https://opentelemetry.io/schemas/1.30.0', foo: 1 },
  },
];

/** The resource of the stream whose genesis and snapshot records are vectors; the snapshot adds a settled attribute. */
const GENESIS_RESOURCE = { 'service.name': 'vectors', 'service.instance.id': 'instance-1', 'host.name': 'höst "1"', 'process.pid': 4242 };
const SNAPSHOT_RESOURCE = { ...GENESIS_RESOURCE, 'cloud.region': 'eu-west-1' };
const toOtlpAttributes = (obj) =>
  Object.entries(obj).map(([key, v]) => attr(key, typeof v === 'number' ? { intValue: v } : { stringValue: v }));
const INTEGRITY_TIME = [1764000000, 0];

/** An integrity record (genesis or snapshot) as the processor builds it, in JS and as the JS exporter writes it. */
function integrityRecordCase(lib, name, note, eventName, bodyText, seq, resourceDigest) {
  const scope = { name: lib.INTEGRITY_SCOPE_NAME, version: lib.INTEGRITY_SCOPE_VERSION };
  return {
    name,
    note,
    seal: { seq, resourceDigest },
    js: {
      instrumentationScope: scope,
      hrTime: INTEGRITY_TIME,
      hrTimeObserved: INTEGRITY_TIME,
      severityNumber: 9,
      severityText: 'INFO',
      eventName,
      body: bodyText,
      attributes: { [`${NS}.stream`]: STREAM, [`${NS}.seq`]: seq },
      droppedAttributesCount: 0,
    },
    otlp: [
      {
        logRecord: {
          timeUnixNano: '1764000000000000000',
          observedTimeUnixNano: '1764000000000000000',
          severityNumber: 9,
          severityText: 'INFO',
          body: { stringValue: bodyText },
          eventName,
          attributes: [attr(`${NS}.stream`, { stringValue: STREAM }), attr(`${NS}.seq`, { intValue: seq })],
          droppedAttributesCount: 0,
        },
        scope,
      },
    ],
  };
}

/** Genesis and resource-snapshot bodies (stream-records.md), and the record cases that seal them. */
function streamBodyVectors(lib) {
  const genesisResourceText = lib.canonicalResourceText(GENESIS_RESOURCE);
  const snapshotResourceText = lib.canonicalResourceText(SNAPSHOT_RESOURCE);
  const genesisFields = {
    namespace: NS,
    streamId: STREAM,
    olcfVersion: 'olcf1',
    timeUnixNano: 1764000000000000000n,
    policy: { maxRecords: 128, maxIntervalMs: 5000, heartbeatMs: 60000, leafList: true },
    identity: { serviceName: 'vectors', serviceInstanceId: 'instance-1', hostName: 'höst "1"' },
    resourceDigest: lib.resourceDigestOfText(genesisResourceText),
    resourceText: genesisResourceText,
  };
  const bareResourceText = lib.canonicalResourceText({});
  const bareGenesisFields = {
    ...genesisFields,
    policy: { maxRecords: 1000000, maxIntervalMs: 86400000, heartbeatMs: 1, leafList: false },
    identity: { serviceName: '', serviceInstanceId: '', hostName: '' },
    resourceDigest: lib.resourceDigestOfText(bareResourceText),
    resourceText: bareResourceText,
  };
  const snapshotFields = {
    namespace: NS,
    streamId: STREAM,
    resourceDigest: lib.resourceDigestOfText(snapshotResourceText),
    resourceText: snapshotResourceText,
  };
  const genesisText = lib.formatGenesisBody(genesisFields);
  const snapshotText = lib.formatResourceSnapshotBody(snapshotFields);
  const events = lib.integrityEventNames(NS);
  const bodies = [
    {
      name: 'genesis',
      kind: 'genesis',
      note: 'leaf seq 0; identity taken from service.name, service.instance.id and host.name of the resource',
      resource: { js: GENESIS_RESOURCE, otlp: { attributes: toOtlpAttributes(GENESIS_RESOURCE), droppedAttributesCount: 0 } },
      fields: { ...genesisFields, timeUnixNano: String(genesisFields.timeUnixNano) },
      text: genesisText,
    },
    {
      name: 'genesis-root-only-empty-identity',
      kind: 'genesis',
      note: 'leaf lists off (q … 0), no identity attributes, empty resource',
      resource: { js: {}, otlp: {} },
      fields: { ...bareGenesisFields, timeUnixNano: String(bareGenesisFields.timeUnixNano) },
      text: lib.formatGenesisBody(bareGenesisFields),
    },
    {
      name: 'resource-snapshot',
      kind: 'resource',
      note: 'emitted when the resource digest changes (here an attribute settled); sealed with the digest it announces',
      resource: { js: SNAPSHOT_RESOURCE, otlp: { attributes: toOtlpAttributes(SNAPSHOT_RESOURCE), droppedAttributesCount: 0 } },
      fields: snapshotFields,
      text: snapshotText,
    },
  ];
  const records = [
    integrityRecordCase(
      lib,
      'integrity-genesis',
      'the genesis record, seq 0: slot 3 is the digest its own d line announces',
      events.genesis,
      genesisText,
      0,
      genesisFields.resourceDigest,
    ),
    integrityRecordCase(
      lib,
      'integrity-resource-snapshot',
      'a resource snapshot at seq 5: slot 3 is the new digest it announces ("at or below"), not the previous one',
      events.resource,
      snapshotText,
      5,
      snapshotFields.resourceDigest,
    ),
  ];
  return { bodies, records };
}

const sha256 = (s) => createHash('sha256').update(s).digest();
const b64 = (b) => Buffer.from(b).toString('base64');
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Merkle roots, checkpoint notes (text, signatures), and texts a v1 checkpoint parser must reject. */
async function checkpointVectors(lib) {
  const seed = sha256('seclog test vector ed25519 key (public, never use it)');
  const hmacKey = sha256('seclog test vector hmac key (public, never use it)');
  const edKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const ed = lib.ed25519Signer(edKey, { keyName: 'vectors.example/seclog' });
  const hmac = lib.hmacSigner(hmacKey, { keyName: 'vectors.example/seclog-hmac' });
  const hex8 = (id) => id.toString(16).padStart(8, '0');

  const digests = Array.from({ length: 23 }, (_, i) => sha256(`seclog vector leaf ${i}`));
  const roots = [];
  const range = new lib.CompactRange();
  roots.push(b64(range.root()));
  for (const d of digests) {
    range.appendDigest(d);
    roots.push(b64(range.root()));
  }
  const rangeAt = (size) => {
    const r = new lib.CompactRange();
    for (const d of digests.slice(0, size)) r.appendDigest(d);
    return r;
  };

  const plan = [
    { name: 'first', note: 'k 0: p is 32 zero bytes; the tree holds genesis only', size: 1, leafList: true },
    {
      name: 'declared-drops',
      note: 'd: seqs 3 and 4 were sealed but not delivered; x: 2 records were refused before sealing',
      size: 9,
      leafList: true,
      dropped: [{ start: 3, end: 5 }],
      refused: 2,
    },
    { name: 'heartbeat', note: 'an empty range: no l line; c and the root repeat', size: 9, leafList: true },
    {
      name: 'final-root-only',
      note: 'leaf lists off (no l line), two declared ranges, final checkpoint (f)',
      size: 23,
      leafList: false,
      dropped: [
        { start: 10, end: 11 },
        { start: 20, end: 23 },
      ],
      final: true,
    },
  ];
  const checkpoints = [];
  let previousHash = lib.ZERO_HASH;
  let previousSize = 0;
  for (let k = 0; k < plan.length; k++) {
    const p = plan[k];
    const r = rangeAt(p.size);
    const body = {
      namespace: NS,
      streamId: STREAM,
      treeSize: p.size,
      root: r.root(),
      index: k,
      timeUnixNano: 1764000000000000000n + BigInt(k) * 5_000_000_000n,
      monotonicNanos: 1_000_000n + BigInt(k) * 5_000_000_000n,
      epoch: 0,
      previousHash,
      rangeStart: previousSize,
      rangeEnd: p.size,
      ...(p.leafList && p.size > previousSize ? { leafDigests: digests.slice(previousSize, p.size) } : {}),
      compactRange: r.nodes(),
      ...(p.dropped ? { droppedRanges: p.dropped } : {}),
      ...(p.refused ? { refusedRecords: p.refused } : {}),
      final: p.final === true,
    };
    const text = lib.formatCheckpointBody(body);
    const textHash = lib.checkpointTextHash(text);
    checkpoints.push({
      name: p.name,
      note: p.note,
      fields: {
        ...body,
        root: b64(body.root),
        timeUnixNano: String(body.timeUnixNano),
        monotonicNanos: String(body.monotonicNanos),
        previousHash: b64(body.previousHash),
        ...(body.leafDigests ? { leafDigests: body.leafDigests.map(b64) } : {}),
        compactRange: body.compactRange.map(b64),
      },
      text,
      textHash: b64(textHash),
      signedEd25519: await lib.signNote(text, [ed]),
      signedHmac: await lib.signNote(text, [hmac]),
      signedBoth: await lib.signNote(text, [ed, hmac]),
    });
    previousHash = textHash;
    previousSize = p.size;
  }

  const base = checkpoints[1].text;
  const lines = base.slice(0, -1).split('\n');
  const withLines = (ls) => `${ls.join('\n')}\n`;
  const replaceLine = (prefix, line) => withLines(lines.map((l) => (l.startsWith(prefix) ? line : l)));
  const insertAfter = (prefix, line) => withLines(lines.flatMap((l) => (l.startsWith(prefix) ? [l, line] : [l])));
  const rejected = [
    ['unknown-line', 'a line this version does not define', insertAfter('x ', 'z 1')],
    ['unknown-line-at-end', 'an unknown line after the last known one', withLines([...lines, 'y'])],
    ['lines-out-of-order', 't before k', withLines([lines[0], lines[1], lines[2], lines[4], lines[3], ...lines.slice(5)])],
    ['repeated-line', 'x twice', insertAfter('x ', 'x 2')],
    ['missing-required-line', 'no e line', withLines(lines.filter((l) => !l.startsWith('e ')))],
    ['leading-zero', 'decimals have no leading zeros', replaceLine('k ', 'k 01')],
    ['double-space', 'values are separated by exactly one space', replaceLine('r ', 'r 1  9')],
    ['range-end-not-tree-size', 'r must end at the tree size', replaceLine('r ', 'r 1 8')],
    ['leaf-list-too-short', 'l must list exactly the range', replaceLine('l ', lines.find((l) => l.startsWith('l ')).split(' ').slice(0, -1).join(' '))],
    ['compact-range-wrong-count', 'c must hold popcount(tree size) nodes', replaceLine('c ', lines.find((l) => l.startsWith('c ')).split(' ').slice(0, -1).join(' '))],
    ['hash-not-canonical-base64', 'hashes are 44-character canonical base64', replaceLine('p ', `p ${'A'.repeat(43)}B`)],
    ['dropped-range-empty', 'each d range is non-empty', replaceLine('d ', 'd 3 3')],
    ['dropped-ranges-not-ascending', 'd ranges are ascending and disjoint', replaceLine('d ', 'd 5 6 3 4')],
    ['dropped-ranges-overlap', 'd ranges must not overlap', replaceLine('d ', 'd 3 5 4 6')],
    ['dropped-range-beyond-tree', 'd ranges lie inside [0, tree size)', replaceLine('d ', 'd 8 10')],
    ['dropped-odd-count', 'd holds pairs', replaceLine('d ', 'd 3 5 7')],
    ['dropped-no-values', 'd without values', replaceLine('d ', 'd')],
    ['refused-zero', 'x is positive when present', replaceLine('x ', 'x 0')],
    ['final-with-value', 'f has no value', withLines([...lines, 'f 1'])],
    ['no-final-newline', 'the text ends with a newline', base.slice(0, -1)],
    ['origin-bad-stream-id', 'the stream id is 22 base64url characters', replaceLine(`${NS}/v1/`, `${NS}/v1/short`)],
  ].map(([name, note, text]) => ({ name, note, text }));
  for (const r of rejected) {
    let threw = false;
    try {
      lib.parseCheckpointBody(r.text);
    } catch {
      threw = true;
    }
    if (!threw) throw new Error(`rejected checkpoint ${r.name} was accepted`);
  }

  return {
    format: 'seclog checkpoint golden vectors',
    version: 1,
    description:
      'Inputs and expected outputs for docs/spec/merkle.md and docs/spec/checkpoint-note.md; the layout is described in docs/spec/README.md. The keys are published test keys: never use them for anything else.',
    keys: {
      ed25519: { keyName: ed.keyName, seed: b64(seed), publicKey: b64(ed.publicKey()), keyId: hex8(ed.keyId), verifierKey: ed.verifierKey },
      hmac: { keyName: hmac.keyName, key: b64(hmacKey), keyId: hex8(hmac.keyId) },
    },
    merkle: {
      note: 'leafDigests[i] = SHA-256("seclog vector leaf <i>"); roots[n] is the RFC 6962 root of the first n leaves',
      leafDigests: digests.map(b64),
      leafHashes: digests.map((d) => b64(lib.leafHash(d))),
      roots,
    },
    checkpoints,
    rejected,
  };
}

function assertSafeIntegerFields(v, where) {
  if (Array.isArray(v)) v.forEach((x) => assertSafeIntegerFields(x, where));
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      // An object input is written with JSON.stringify: its text must read back (exactly) as the same integer.
      if (INTEGER_FIELDS.has(k) && Number.isInteger(x) && exactJsonInteger(JSON.stringify(x)) !== BigInt(x).toString()) {
        throw new Error(`${where}: ${k} ${x} is not exact as JSON text; give the input as otlpJson text`);
      }
      assertSafeIntegerFields(x, where);
    }
  }
}

/** Builds the vector files from an implementation of the package API (the built dist, or the sources in tests). */
export async function buildVectors(lib) {
  const keys = lib.integrityAttributeKeys(NS);
  const resourceDigest = lib.resourceDigestOfText(lib.canonicalResourceText(RESOURCE_JS));
  const stream = streamBodyVectors(lib);
  const cases = [...classicCases, ...specCases, ...stream.records];
  const names = new Set();
  const records = [];
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case name ${c.name}`);
    names.add(c.name);
    const seal = { streamId: STREAM, seq: c.seal?.seq ?? 1, resourceDigest: c.seal?.resourceDigest ?? resourceDigest };
    const otlp = c.otlp ?? [];
    const otlpJson = c.otlpJson ?? [];
    const otlpBytes = c.otlpBytes ?? [];
    otlp.forEach((o, i) => assertSafeIntegerFields(o, `${c.name} otlp[${i}]`));
    const forms = [];
    if (c.js) forms.push(['js', lib.canonicalizeLogRecord(decodeJsRecord(c.js), { ...seal, excludeAttributes: keys.all })]);
    const fromOtlp = (o) =>
      lib.canonicalizeOtlpLogRecord(o.logRecord, { ...seal, scope: o.scope, scopeSchemaUrl: o.schemaUrl, namespace: NS });
    otlp.forEach((o, i) => forms.push([`otlp[${i}]`, fromOtlp(expandRepeats(o))]));
    otlpJson.forEach((t, i) => forms.push([`otlpJson[${i}]`, fromOtlp(parseOtlpJson(t))]));
    otlpBytes.forEach((b, i) => forms.push([`otlpBytes[${i}]`, fromOtlp(parseOtlpJson(decodeUtf8(Buffer.from(b, 'base64'))))]));
    if (forms.length === 0) throw new Error(`${c.name}: no inputs`);
    const [, first] = forms[0];
    for (const [where, f] of forms) {
      if (f.text !== first.text) throw new Error(`${c.name}: ${where} disagrees\n${f.text.slice(0, 400)}\n${first.text.slice(0, 400)}`);
    }
    const d = lib.recordDigest(first.text);
    const inline = first.text.length <= MAX_INLINE_CANONICAL;
    records.push({
      name: c.name,
      ...(c.note ? { note: c.note } : {}),
      seal: { streamId: seal.streamId, seq: String(seal.seq), resourceDigest: seal.resourceDigest },
      ...(c.js ? { js: c.js } : {}),
      otlp,
      ...(otlpJson.length > 0 ? { otlpJson } : {}),
      ...(otlpBytes.length > 0 ? { otlpBytes } : {}),
      expect: {
        ok: first.ok,
        ...(first.ok ? {} : { reason: first.reason }),
        ...(inline ? { canonical: first.text } : { canonicalLength: Buffer.byteLength(first.text, 'utf8') }),
        digest: d.toString('base64'),
        leafHash: lib.leafHash(d).toString('hex'),
      },
    });
  }
  const resourceCases = resources.map((r) => {
    const text = lib.canonicalResourceText(r.js, r.jsDropped ?? 0);
    if (lib.canonicalOtlpResourceText(r.otlp) !== text) throw new Error(`${r.name}: OTLP resource disagrees`);
    return { ...r, expect: { canonical: text, digest: lib.resourceDigestOfText(text) } };
  });
  for (const b of stream.bodies) {
    if (lib.canonicalOtlpResourceText(b.resource.otlp) !== b.fields.resourceText) throw new Error(`${b.name}: resource disagrees`);
  }

  const olcf1 = {
    format: 'seclog OLCF-1 golden vectors',
    version: 2,
    description:
      'Inputs and expected outputs for docs/spec/olcf-1.md, docs/spec/otlp-json-input.md and docs/spec/stream-records.md; the layout is described in docs/spec/README.md. Generated by generate-olcf1.mjs.',
    namespace: NS,
    records,
    resources: resourceCases,
    streamBodies: stream.bodies,
  };
  const list = (items) => `[\n${items.map((x) => `  ${JSON.stringify(x)}`).join(',\n')}\n ]`;
  const render = (obj) => {
    const parts = Object.entries(obj).map(([k, v]) =>
      Array.isArray(v) && v.length > 0 && typeof v[0] === 'object' ? ` ${JSON.stringify(k)}: ${list(v)}` : ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`,
    );
    const text = `{\n${parts.join(',\n')}\n}\n`;
    JSON.parse(text);
    return text;
  };
  return { 'olcf1.json': render(olcf1), 'checkpoints.json': render(await checkpointVectors(lib)) };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const lib = await import('../dist/index.js');
  const files = await buildVectors(lib);
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const name of VECTOR_FILES) {
    const url = new URL(`./${name}`, import.meta.url);
    if (check) {
      let current = '';
      try {
        current = readFileSync(url, 'utf8');
      } catch {}
      if (current !== files[name]) {
        stale++;
        console.error(`${name} is stale: run node packages/integrity/test-vectors/generate-olcf1.mjs`);
      }
    } else {
      writeFileSync(url, files[name]);
    }
  }
  if (stale > 0) process.exitCode = 1;
  else {
    const records = JSON.parse(files['olcf1.json']).records.length;
    console.log(`${check ? 'up to date' : 'wrote'}: ${VECTOR_FILES.join(', ')} (${records} record cases)`);
  }
}
