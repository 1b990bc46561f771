/**
 * `JSON.parse` that keeps 64-bit integers exact where OTLP/JSON allows them as JSON numbers. `JSON.parse` rounds every
 * number to a double, so `{"intValue":9007199254740993}` (legal proto3 JSON, written by non-JS exporters) would read as
 * …992 and a record sealed with the exact value would verify as MODIFIED. Lines that could hold such a number are
 * re-parsed with a reviver reading the number's source text; every other line takes the plain fast path.
 */

/** Fields whose JSON numbers are 64-bit integers in OTLP (int64 `intValue`, fixed64 timestamps). */
const INTEGER_FIELDS: ReadonlySet<string> = new Set(['intValue', 'timeUnixNano', 'observedTimeUnixNano']);

/**
 * A JSON number of at least 16 digits in value position. 2^53 has 16 digits, so every unsafe integer matches; numbers
 * inside strings do not (a string's content never follows `:`, `,` or `[` directly… except by coincidence, which only
 * costs the slower exact parse). Linear: no nested quantifiers, and whitespace runs after distinct separators do not
 * overlap.
 */
const MAY_HOLD_UNSAFE_INTEGER = /[:,[]\s*-?[0-9]{16}/;
const INTEGER_TEXT = /^-?[0-9]+$/;

/** Parses JSON text; integers beyond 2^53 in OTLP integer fields come back as exact decimal strings. Throws on bad JSON. */
export function parseJsonExact(text: string): unknown {
  if (!MAY_HOLD_UNSAFE_INTEGER.test(text)) return JSON.parse(text);
  return JSON.parse(text, keepExactIntegers as never);
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
