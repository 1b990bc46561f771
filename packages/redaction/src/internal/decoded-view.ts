/**
 * A decoded view of a string with escapes: percent-encoding (`%40`), JSON/JS `\uXXXX`, `\xXX` (nginx writes `"` as
 * `\x22`) and `\/`. Detectors run on the view, so `name%40example.com` is an email like `name@example.com`, and
 * findings map back to the escaped text through `at`. Only escapes of ASCII characters (and any BMP character for
 * `\uXXXX`) are decoded; percent-encoded UTF-8 sequences of non-ASCII characters stay as they are.
 */
export interface DecodedView {
  /** The decoded text. */
  readonly text: string;
  /** `at[i]`: index in the original text where decoded character `i` starts; `at[text.length]` = original length. */
  readonly at: Int32Array;
}

/** Percent-decoding runs at most twice (`%2540` → `%40` → `@`): double encoding is common in redirect URLs. */
const MAX_ROUNDS = 2;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** `digits` hex digits at `i` as a number, or -1. */
function hexAt(text: string, i: number, digits: number): number {
  if (i + digits > text.length) return -1;
  let v = 0;
  for (let k = 0; k < digits; k++) {
    const h = hexValue(text.charCodeAt(i + k));
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/** The escape at `i`: `[decoded char code, escape length]`, or null. */
function escapeAt(text: string, i: number): [number, number] | null {
  const c = text.charCodeAt(i);
  if (c === 37) {
    const v = hexAt(text, i + 1, 2);
    return v >= 0 && v < 0x80 ? [v, 3] : null;
  }
  if (c !== 92) return null;
  const n = text.charCodeAt(i + 1);
  if (n === 117) {
    const v = hexAt(text, i + 2, 4);
    return v >= 0 ? [v, 6] : null;
  }
  if (n === 120) {
    const v = hexAt(text, i + 2, 2);
    return v >= 0 && v < 0x80 ? [v, 4] : null;
  }
  return n === 47 ? [47, 2] : null;
}

/** The next `%` or `\\` at or after `i` (native searches: text without escapes is skipped fast), or -1. */
function nextCandidate(text: string, i: number): number {
  const p = text.indexOf('%', i);
  const b = text.indexOf('\\', i);
  return p < 0 ? b : b < 0 ? p : Math.min(p, b);
}

/** One decoding round; null when nothing decodes. `from` is where the first `%` or `\` may be. */
function decodeOnce(text: string, from: number): DecodedView | null {
  let first = from;
  while (first >= 0 && escapeAt(text, first) === null) first = nextCandidate(text, first + 1);
  if (first < 0) return null;
  const parts: string[] = [text.slice(0, first)];
  const at = new Int32Array(text.length + 1);
  for (let k = 0; k < first; k++) at[k] = k;
  let out = first;
  let runStart = first;
  let i = first;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const esc = c === 37 || c === 92 ? escapeAt(text, i) : null;
    if (esc === null) {
      at[out++] = i++;
      continue;
    }
    if (runStart < i) parts.push(text.slice(runStart, i));
    parts.push(String.fromCharCode(esc[0]));
    at[out++] = i;
    i += esc[1];
    runStart = i;
  }
  if (runStart < text.length) parts.push(text.slice(runStart));
  at[out] = text.length;
  return { text: parts.join(''), at: at.subarray(0, out + 1) };
}

/**
 * The decoded view of `text`, or null when it holds no escape (the common case costs two `indexOf` calls).
 * Percent-escapes left after one round (double encoding) are decoded once more.
 */
export function decodeView(text: string): DecodedView | null {
  const pct = text.indexOf('%');
  const bs = text.indexOf('\\');
  if (pct < 0 && bs < 0) return null;
  let view = decodeOnce(text, pct < 0 ? bs : bs < 0 ? pct : Math.min(pct, bs));
  if (view === null) return null;
  for (let round = 1; round < MAX_ROUNDS; round++) {
    const pct2 = view.text.indexOf('%');
    if (pct2 < 0) break;
    const again = decodeOnce(view.text, pct2);
    if (again === null) break;
    const at = new Int32Array(again.at.length);
    for (let k = 0; k < at.length; k++) at[k] = view.at[again.at[k] as number] as number;
    view = { text: again.text, at };
  }
  return view;
}
