/**
 * `JSON.parse` that keeps 64-bit integers exact where OTLP/JSON allows them as JSON numbers. `JSON.parse` rounds every
 * number to a double, so `{"intValue":9007199254740993}` (legal proto3 JSON, written by non-JS exporters) would read as
 * …992 and a record sealed with the exact value would verify as MODIFIED. Lines that could hold such a number are
 * re-parsed with a reviver reading the number's source text; every other line takes the plain fast path.
 */

/** Fields whose JSON numbers are 64-bit integers in OTLP (int64 `intValue`, fixed64 timestamps). */
const INTEGER_FIELDS: ReadonlySet<string> = new Set(['intValue', 'timeUnixNano', 'observedTimeUnixNano']);

/**
 * Sixteen digits that do not continue a number, a fraction or a string's first character: the start of every integer
 * literal of 16 or more digits (2^53 has 16, so every unsafe integer), and of some digit runs inside strings, which the
 * check below mostly rules out. Linear, and fast in V8 (a literal-class scan with one lookbehind).
 */
const SIXTEEN_DIGITS = /(?<![".0-9])[0-9]{16}/g;
const INTEGER_TEXT = /^-?[0-9]+$/;

/** Parses JSON text; integers beyond 2^53 in OTLP integer fields come back as exact decimal strings. Throws on bad JSON. */
export function parseJsonExact(text: string): unknown {
  if (!mayHoldUnsafeInteger(text)) return JSON.parse(text);
  return JSON.parse(text, keepExactIntegers as never);
}

/**
 * Whether a 16+ digit run sits in value position (after `:`, `,` or `[`, optional minus and blanks). A digit run inside
 * a string that happens to follow such a character only costs the slower exact parse; a real number literal is never
 * missed, whatever its key is spelled like (the reviver sees keys decoded).
 */
function mayHoldUnsafeInteger(text: string): boolean {
  SIXTEEN_DIGITS.lastIndex = 0;
  for (let m = SIXTEEN_DIGITS.exec(text); m !== null; m = SIXTEEN_DIGITS.exec(text)) {
    let i = m.index - 1;
    if (text.charCodeAt(i) === 0x2d) i--;
    while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
    const c = text.charCodeAt(i);
    if (c === 0x3a || c === 0x2c || c === 0x5b) return true;
  }
  return false;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Reviver: an unsafe integer in an integer field is replaced by its source digits (OTLP/JSON accepts both forms). */
function keepExactIntegers(key: string, value: unknown, context?: { readonly source?: string }): unknown {
  if (
    typeof value === 'number' &&
    !Number.isSafeInteger(value) &&
    INTEGER_FIELDS.has(key) &&
    typeof context?.source === 'string' &&
    INTEGER_TEXT.test(context.source)
  ) {
    return context.source;
  }
  return value;
}
