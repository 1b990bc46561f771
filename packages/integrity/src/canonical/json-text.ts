/**
 * JSON text of one string exactly as `JSON.stringify` writes it (design integrity.md §4.6), with a fast path: most
 * strings need no escaping, and one native regex test proves it, so they are just quoted.
 */

// One character class, no quantifier: linear, cannot backtrack.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what JSON must escape.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify(s)` for any string. Strings containing a quote, backslash, control character or any surrogate
 * (paired or lone; JSON.stringify escapes lone ones) take the native path, so the output is identical in every case.
 */
export function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}
