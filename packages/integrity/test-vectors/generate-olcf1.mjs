// Regenerates olcf1.json from the case definitions below, using the built package (run `pnpm exec tsc -b
// packages/integrity` first):   node packages/integrity/test-vectors/generate-olcf1.mjs
// Every case's JS input and every OTLP variant must give the same canonical text, or the generator fails.
import { writeFileSync } from 'node:fs';
import {
  canonicalizeLogRecord,
  canonicalizeOtlpLogRecord,
  canonicalOtlpResourceText,
  canonicalResourceText,
  leafHash,
  recordDigest,
  resourceDigestOfText,
} from '../dist/index.js';
import { decodeJsRecord } from './js-values.mjs';

const STREAM = 'AbCdEfGhIjKlMnOpQrStUv';
const NS = 'seclog.integrity';
const RESOURCE_JS = { 'service.name': 'vectors' };
const RESOURCE_DIGEST = resourceDigestOfText(canonicalResourceText(RESOURCE_JS));
const SCOPE_JS = { name: 'vectors', version: '1.0.0' };
const SCOPE_OTLP = { name: 'vectors', version: '1.0.0' };

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

const cases = [
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
];

const out = {
  format: 'seclog OLCF-1 golden vectors',
  version: 1,
  description:
    'Each record case gives inputs (a JS log record as the SDK holds it, tagged per js-values.mjs, and/or OTLP/JSON variants as JS or collector exporters write them) and the expected canonical text (UTF-8 encode it for the canonical bytes), record digest d = SHA-256(bytes) in base64, and RFC 6962 leaf hash SHA-256(0x00 || d) in hex. "ok": false means the expected text is the olcf1-unverifiable leaf. The seal (streamId, seq, resourceDigest) is given per case; attributes named <namespace>.stream / .seq / .digest are excluded from slot 14. Resource cases give the canonical resource text and its base64 digest.',
  namespace: NS,
  records: [],
  resources: [],
};

for (const c of cases) {
  const seal = { streamId: STREAM, seq: c.seal?.seq ?? 1, resourceDigest: RESOURCE_DIGEST };
  const forms = [];
  if (c.js) forms.push(['js', canonicalizeLogRecord(decodeJsRecord(c.js), { ...seal, excludeAttributes: new Set([`${NS}.stream`, `${NS}.seq`, `${NS}.digest`]) })]);
  c.otlp.forEach((o, i) =>
    forms.push([`otlp[${i}]`, canonicalizeOtlpLogRecord(o.logRecord, { ...seal, scope: o.scope, scopeSchemaUrl: o.schemaUrl, namespace: NS })]),
  );
  const [, first] = forms[0];
  for (const [where, f] of forms) {
    if (f.text !== first.text) throw new Error(`${c.name}: ${where} disagrees\n${f.text}\n${first.text}`);
  }
  const d = recordDigest(first.text);
  out.records.push({
    name: c.name,
    ...(c.note ? { note: c.note } : {}),
    seal: { streamId: seal.streamId, seq: String(seal.seq), resourceDigest: seal.resourceDigest },
    ...(c.js ? { js: c.js } : {}),
    otlp: c.otlp,
    expect: {
      ok: first.ok,
      ...(first.ok ? {} : { reason: first.reason }),
      canonical: first.text,
      digest: d.toString('base64'),
      leafHash: leafHash(d).toString('hex'),
    },
  });
}
for (const r of resources) {
  const text = canonicalResourceText(r.js);
  if (canonicalOtlpResourceText(r.otlp) !== text) throw new Error(`${r.name}: OTLP resource disagrees`);
  out.resources.push({ ...r, expect: { canonical: text, digest: resourceDigestOfText(text) } });
}
// One case per line keeps the file small (deep nesting) and diffs readable.
const list = (items) => `[\n${items.map((x) => `  ${JSON.stringify(x)}`).join(',\n')}\n ]`;
const head = Object.entries(out)
  .filter(([k]) => k !== 'records' && k !== 'resources')
  .map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
const text = `{\n${[...head, ` "records": ${list(out.records)}`, ` "resources": ${list(out.resources)}`].join(',\n')}\n}\n`;
JSON.parse(text);
writeFileSync(new URL('./olcf1.json', import.meta.url), text);
console.log(`wrote ${out.records.length} record cases, ${out.resources.length} resource cases`);
