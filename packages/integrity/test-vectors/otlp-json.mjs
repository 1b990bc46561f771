// Reading the OTLP/JSON inputs of the golden vectors the way docs/spec/otlp-json-input.md requires. Shared by the
// generator and the tests (packages/integrity/test/olcf1-vectors.test.ts).
//
// - parseOtlpJson(text): JSON.parse, except that a JSON number in an integer field (intValue, timeUnixNano,
//   observedTimeUnixNano, severityNumber, droppedAttributesCount, flags) is read from its source text exactly, never
//   through a binary64: the result is its decimal string, or NaN when the number is not an integer (so the canonical
//   form rejects it). `9007199254740993` stays 9007199254740993; plain JSON.parse would make it …992.
// - decodeUtf8(bytes): UTF-8 to a string, each maximal ill-formed subpart replaced by U+FFFD (WHATWG decoding).
// - expandRepeats(value): expands the vector shorthand {"$repeat": n, "value": v} inside arrays into n copies of v.

const INTEGER_FIELDS = new Set([
  'intValue',
  'timeUnixNano',
  'observedTimeUnixNano',
  'severityNumber',
  'droppedAttributesCount',
  'flags',
]);

const NUMBER = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

/**
 * Exact integer value of a JSON number's source text as a decimal string; NaN when the value is not an integer.
 * Values with more than 40 digits are returned as a 41-digit string, which every integer field rejects as out of range.
 */
export function exactJsonInteger(source) {
  const m = NUMBER.exec(source);
  if (!m) return Number.NaN;
  const [, sign, intPart, frac = '', expText = '0'] = m;
  let digits = (intPart + frac).replace(/^0+/, '');
  if (digits === '') return '0';
  let exp = BigInt(expText) - BigInt(frac.length);
  while (digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    exp++;
  }
  if (exp < 0n) return Number.NaN;
  if (BigInt(digits.length) + exp > 40n) return `${sign}${'9'.repeat(41)}`;
  return `${sign}${(BigInt(digits) * 10n ** exp).toString()}`;
}

/** JSON.parse with integer fields read exactly (see above). */
export function parseOtlpJson(text) {
  return JSON.parse(text, (key, value, context) =>
    typeof value === 'number' && INTEGER_FIELDS.has(key) ? exactJsonInteger(context.source) : value,
  );
}

/** UTF-8 bytes to a string as the verifier reads archive lines (maximal subparts → U+FFFD; a BOM is kept). */
export function decodeUtf8(bytes) {
  return Buffer.from(bytes).toString('utf8');
}

/** Expands {"$repeat": n, "value": v} array elements (vector shorthand for very long arrays). */
export function expandRepeats(v) {
  if (Array.isArray(v)) {
    const out = [];
    for (const x of v) {
      if (x !== null && typeof x === 'object' && !Array.isArray(x) && '$repeat' in x) {
        const item = expandRepeats(x.value);
        for (let i = 0; i < x.$repeat; i++) out.push(item);
      } else {
        out.push(expandRepeats(x));
      }
    }
    return out;
  }
  if (v === null || typeof v !== 'object') return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) out[k] = expandRepeats(x);
  return out;
}
