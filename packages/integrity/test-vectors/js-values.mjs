// Decoder for the tagged JS values used in olcf1.json (JSON cannot hold Uint8Array, -0, NaN, undefined, bigint or
// cycles). Shared by the generator and the test (packages/integrity/test/olcf1-vectors.test.ts).
//   {"$u8": "<standard base64>"}  → Uint8Array
//   {"$num": "<text>"}            → Number(text)   ("-0", "NaN", "Infinity", "-Infinity", "1e21", …)
//   {"$undefined": true}          → undefined
//   {"$bigint": "<decimal>"}      → BigInt
//   {"$date": "<ISO>"}            → Date (a non-plain object; the exporter sends it as an empty kvlist)
//   {"$cycle": true}              → a reference to the innermost enclosing array or object
//   {"$map": [[key, value], …]}   → a plain object built in this key order (keys may start with "$")
//   {"$repeat": n, "value": v}    → as an array element only: n elements, each the decoded v
export function decodeJsValue(v, parent) {
  if (Array.isArray(v)) {
    const out = [];
    for (const x of v) {
      if (x !== null && typeof x === 'object' && '$repeat' in x) {
        for (let i = 0; i < x.$repeat; i++) out.push(decodeJsValue(x.value, out));
      } else {
        out.push(decodeJsValue(x, out));
      }
    }
    return out;
  }
  if (v === null || typeof v !== 'object') return v;
  if ('$u8' in v) return new Uint8Array(Buffer.from(v.$u8, 'base64'));
  if ('$num' in v) return Number(v.$num);
  if ('$undefined' in v) return undefined;
  if ('$bigint' in v) return BigInt(v.$bigint);
  if ('$date' in v) return new Date(v.$date);
  if ('$cycle' in v) return parent;
  const out = {};
  const entries = '$map' in v ? v.$map : Object.entries(v);
  for (const [k, x] of entries) out[k] = decodeJsValue(x, out);
  return out;
}

/** Decodes a JS record description: hrTime arrays stay, body/attributes/scope attributes are tagged values. */
export function decodeJsRecord(r) {
  const out = { ...r };
  if ('body' in r) out.body = decodeJsValue(r.body, undefined);
  if (r.attributes) out.attributes = decodeJsValue(r.attributes, undefined);
  if (r.instrumentationScope?.attributes) {
    out.instrumentationScope = { ...r.instrumentationScope, attributes: decodeJsValue(r.instrumentationScope.attributes) };
  }
  return out;
}
