/**
 * `JSON.parse` that reads the integer members of OTLP/JSON exactly (docs/spec/otlp-json-input.md, "Integers"): a JSON
 * number there denotes the exact value of its decimal text, never a binary64. `JSON.parse` alone would read
 * `{"intValue":9007199254740993}` (legal proto3 JSON, written by non-JS exporters) as …992, `1e-400` as 0 and
 * `0.99999999999999999` as 1, so a sealed record could verify as MODIFIED or a changed one as VALID. Lines that hold
 * such a number in an integer member are re-parsed with a reviver that reads the number's source text; every other
 * line takes the plain fast path.
 */

/** Members whose JSON numbers are integers (int64, uint64 timestamps, uint32 counts and flags). */
const INTEGER_FIELDS: ReadonlySet<string> = new Set([
  'intValue',
  'timeUnixNano',
  'observedTimeUnixNano',
  'severityNumber',
  'droppedAttributesCount',
  'flags',
]);

/**
 * An integer member whose value is a number binary64 may not read as the same integer: with a fraction, an exponent
 * or 16+ digits (2^53 has 16). One pattern per key, each led by the key's literal text (V8 skips to it quickly);
 * `imeUnixNano` covers both timestamps. Linear: the digit run is matched once per key occurrence. A key spelled with
 * `\u` escapes is caught separately.
 */
const INEXACT_INTEGER_MEMBER: readonly RegExp[] = [
  'intValue',
  'imeUnixNano',
  'severityNumber',
  'droppedAttributesCount',
  'flags',
].map((key) => new RegExp(`${key}"[ \\t\\n\\r]*:[ \\t\\n\\r]*-?(?:[0-9]{16}|[0-9]*[.eE])`));
/** The JSON number grammar (RFC 8259); linear, no nested quantifiers. */
const JSON_NUMBER = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;
/** Integers with more digits than this are outside every OTLP integer range. */
const MAX_INTEGER_DIGITS = 20;

/**
 * Parses JSON text. In an integer member, a JSON number comes back as its exact decimal string when it is an integer,
 * a 21-digit string when it is an integer too large for any range, and `NaN` when it is not an integer, so the
 * canonical form accepts or rejects it exactly as the spec says. Throws on invalid JSON.
 */
export function parseJsonExact(text: string): unknown {
  if (!mayHoldInexactInteger(text)) return JSON.parse(text);
  return JSON.parse(text, readIntegersExactly as never);
}

/**
 * Whether an integer member may hold a number that binary64 does not read as the same integer, or a key is spelled
 * with `\u` escapes (it may spell an integer member). Sound: never misses such a number; a false alarm only costs
 * the slower exact parse. Costs about a quarter of a plain `JSON.parse` on ordinary lines (a few percent of the
 * verifier's time per record).
 */
function mayHoldInexactInteger(text: string): boolean {
  for (const re of INEXACT_INTEGER_MEMBER) if (re.test(text)) return true;
  // Each string holding an escape is checked once: after it, the search goes on past its closing quote.
  for (let at = text.indexOf('\\u'); at >= 0; ) {
    const close = closingQuote(text, at);
    if (close < 0) return false;
    if (text.charCodeAt(skipBlanks(text, close + 1)) === 0x3a) return true;
    at = text.indexOf('\\u', close + 1);
  }
  return false;
}

/** Index of the unescaped quote that ends the string containing `at`, or -1. */
function closingQuote(text: string, at: number): number {
  for (let i = at; ; ) {
    const q = text.indexOf('"', i);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let k = q - 1; k >= at && text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return q;
    i = q + 1;
  }
}

function skipBlanks(text: string, from: number): number {
  let i = from;
  while (isBlank(text.charCodeAt(i))) i++;
  return i;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Reviver: a JSON number in an integer member becomes the exact integer its source text denotes. */
function readIntegersExactly(key: string, value: unknown, context?: { readonly source?: string }): unknown {
  if (typeof value !== 'number' || !INTEGER_FIELDS.has(key) || typeof context?.source !== 'string') return value;
  return exactInteger(context.source);
}

/** Exact integer value of a JSON number's text as a decimal string, or `NaN` when it is not an integer. */
export function exactInteger(source: string): string | number {
  const m = JSON_NUMBER.exec(source);
  if (!m) return Number.NaN;
  const sign = m[1]!;
  const fraction = m[3] ?? '';
  let digits = `${m[2]}${fraction}`.replace(/^0+/, '');
  if (digits === '') return '0';
  let exponent = BigInt(m[4] ?? '0') - BigInt(fraction.length);
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 0x30) end--;
  exponent += BigInt(digits.length - end);
  digits = digits.slice(0, end);
  if (exponent < 0n) return Number.NaN;
  if (BigInt(digits.length) + exponent > BigInt(MAX_INTEGER_DIGITS)) return `${sign}1${'0'.repeat(MAX_INTEGER_DIGITS)}`;
  return `${sign}${digits}${'0'.repeat(Number(exponent))}`;
}
