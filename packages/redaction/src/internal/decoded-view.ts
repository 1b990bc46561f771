/**
 * A decoded view of a string with escapes or look-alike characters. Detectors run on the view, so
 * `name%40example.com` is an email like `name@example.com`, and findings map back to the original text through `at`.
 * The view undoes what encoders and careless copies do to a value without changing what it says:
 * - escapes: percent-encoding (`%40`), JSON/JS `\uXXXX`, `\xXX` (nginx writes `"` as `\x22`), `\/`, and HTML
 *   character references (`&#64;`, `&#x40;`, `&quot;` and a few other names); a JSON string nested in JSON strings
 *   doubles its backslashes (`\\u0040`, `\\\"`), so a run of backslashes before an escape is that escape;
 * - invisible format characters (zero-width space and joiners, soft hyphen, word joiner, byte-order mark, bidi
 *   controls) are dropped: pasted from a chat or a document into a token, they would hide it;
 * - full-width forms (`４２４２`, `ｇｈｐ＿`, `＠`: East Asian input methods type them), Unicode spaces (no-break,
 *   thin, ideographic) and hyphens (non-breaking, en dash, minus) read as their ASCII counterparts.
 * Only escapes of ASCII characters (and any BMP character for `\uXXXX` and numeric references) are decoded;
 * percent-encoded UTF-8 sequences of non-ASCII characters stay as they are.
 */
export interface DecodedView {
  /** The decoded text. */
  readonly text: string;
  /** `at[i]`: index in the original text where decoded character `i` starts; `at[text.length]` = original length. */
  readonly at: readonly number[];
}

/** Decoding runs at most three times (`%252540` → `%2540` → `%40` → `@`): redirect URLs nest encoded URLs. */
const MAX_ROUNDS = 3;
/** A backslash run longer than this is not an escape (16 = a JSON string nested five levels deep). */
const MAX_BACKSLASHES = 16;

/** What a code unit reads as in the view: itself, another code (folded), or nothing ({@link DROP}). */
const DROP = -1;
const FOLD = new Int32Array(65536);
for (let c = 0; c < 65536; c++) FOLD[c] = c;
/**
 * Characters the view folds only when it is built for another reason: common in text where they hide nothing
 * (emoji variation selectors, the ideographic space of CJK prose, full-width punctuation), so that they alone do
 * not cost a view of every such line.
 */
const QUIET = new Uint8Array(65536);

function fold(from: number, to: number, code: (c: number) => number, quiet = false): void {
  for (let c = from; c <= to; c++) {
    FOLD[c] = code(c);
    if (quiet) QUIET[c] = 1;
  }
}

// Invisible format characters (Unicode `Cf` that render as nothing, and variation selectors).
const drop = () => DROP;
for (const [from, to] of [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x206f],
  [0xfeff, 0xfeff],
] as const) {
  fold(from, to, drop);
}
fold(0xfe00, 0xfe0f, drop, true);
// Unicode spaces (number grouping in `toLocaleString` output, typography) and hyphens (non-breaking, en dash, minus).
for (const c of [0x00a0, 0x1680, 0x202f, 0x205f]) fold(c, c, () => 32);
fold(0x2000, 0x200a, () => 32);
fold(0x3000, 0x3000, () => 32, true);
for (const c of [0x2010, 0x2011, 0x2012, 0x2013, 0x2212]) fold(c, c, () => 45);
// Full-width forms: letters, digits and the characters of addresses and tokens start a view; the punctuation of
// CJK prose (`，：（）！？`) is folded only in one.
fold(0xff01, 0xff5e, (c) => c - 0xfee0, true);
for (const [from, to] of [
  [0xff10, 0xff19],
  [0xff21, 0xff3a],
  [0xff41, 0xff5a],
  [0xff20, 0xff20],
  [0xff3f, 0xff3f],
  [0xff0b, 0xff0b],
  [0xff0d, 0xff0e],
  [0xff1d, 0xff1d],
] as const) {
  QUIET.fill(0, from, to + 1);
}

/**
 * Whether code unit `c` makes the shape prefilter flag a string for a view: the view reads it other than as itself,
 * and it is not {@link QUIET}.
 */
export function startsView(c: number): boolean {
  return FOLD[c] !== c && QUIET[c] === 0;
}

/**
 * Where an escape or a folded character may start: `%`, `\`, `&`, and the characters of {@link FOLD} (one table
 * load per character; a regex search per candidate costs more than it skips in short strings).
 */
const CANDIDATE = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) CANDIDATE[c] = c === 37 || c === 92 || c === 38 || FOLD[c] !== c ? 1 : 0;

/** HTML named character references decoded (the XML five, and `@` and the no-break space, which hide addresses). */
const NAMED_REFERENCES: ReadonlyMap<string, number> = new Map([
  ['amp', 38],
  ['lt', 60],
  ['gt', 62],
  ['quot', 34],
  ['apos', 39],
  ['commat', 64],
  ['nbsp', 32],
]);
/** The longest name in {@link NAMED_REFERENCES}. */
const MAX_NAME = Math.max(...[...NAMED_REFERENCES.keys()].map((name) => name.length));

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

function isLowerLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** Scratch result of the escape readers: the decoded code and the escape's length (scans are synchronous). */
let escCode = 0;
let escLength = 0;

function found(code: number, length: number): boolean {
  escCode = code;
  escLength = length;
  return true;
}

/** `\uXXXX`, `\xXX`, `\/` (after any run of up to 16 backslashes), or `\"` nested two or more levels deep. */
function backslashEscape(text: string, i: number): boolean {
  // Only from the start of a run: inside one, the backslashes before it are part of the escape or literal.
  if (i > 0 && text.charCodeAt(i - 1) === 92) return false;
  let j = i + 1;
  while (j < text.length && text.charCodeAt(j) === 92 && j - i < MAX_BACKSLASHES) j++;
  const n = text.charCodeAt(j);
  if (n === 117) {
    const v = hexAt(text, j + 1, 4);
    return v >= 0 && found(v, j + 5 - i);
  }
  if (n === 120) {
    const v = hexAt(text, j + 1, 2);
    return v >= 0 && v < 0x80 && found(v, j + 3 - i);
  }
  if (n === 47) return found(47, j + 1 - i);
  // A quote escaped in a string nested n levels deep has 2^n - 1 backslashes (`\\\"`, then 7). One (`\"`) is left
  // as it is: the detectors read it, and unescaping every JSON-in-JSON string would change what they read. An even
  // run is escaped backslashes before a real quote.
  const run = j - i;
  return n === 34 && run >= 3 && run % 2 === 1 && found(34, run + 1);
}

/** `&#64;`, `&#x40;`, `&quot;`…: decimal and hex references of BMP characters, and the names above. */
function characterReference(text: string, i: number): boolean {
  if (text.charCodeAt(i + 1) === 35) {
    const hex = (text.charCodeAt(i + 2) | 32) === 120;
    let j = i + (hex ? 3 : 2);
    let v = 0;
    const start = j;
    while (j < text.length && j - start < 6) {
      const d = hex ? hexValue(text.charCodeAt(j)) : text.charCodeAt(j) - 48;
      if (d < 0 || d > (hex ? 15 : 9)) break;
      v = v * (hex ? 16 : 10) + d;
      j++;
    }
    return j > start && text.charCodeAt(j) === 59 && v > 0 && v <= 0xffff && found(v, j + 1 - i);
  }
  // The `;` is looked for only as far as the longest name reaches (a run of `&` must not search to the end each).
  let semi = i + 1;
  while (semi < text.length && semi - i <= MAX_NAME && isLowerLetter(text.charCodeAt(semi))) semi++;
  if (semi === i + 1 || text.charCodeAt(semi) !== 59) return false;
  const code = NAMED_REFERENCES.get(text.slice(i + 1, semi));
  return code !== undefined && found(code, semi + 1 - i);
}

/** The escape at `i` (left in `escCode`/`escLength`), or false. */
function escapeAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 37) {
    const v = hexAt(text, i + 1, 2);
    return v >= 0 && v < 0x80 && found(v, 3);
  }
  if (c === 92) return backslashEscape(text, i);
  if (c === 38) return characterReference(text, i);
  return false;
}

/** What the character or escape at `i` reads as (left in `escCode`/`escLength`, code {@link DROP}), or false. */
function readAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (FOLD[c] !== c) return found(FOLD[c] as number, 1);
  if (!escapeAt(text, i)) return false;
  // An escaped invisible or full-width character (`\u200b`, `&#xFF10;`) reads like the character itself.
  escCode = FOLD[escCode] as number;
  return true;
}

/** The next candidate at or after `i`, or -1. */
function nextCandidate(text: string, i: number): number {
  for (; i < text.length; i++) if (CANDIDATE[text.charCodeAt(i)] === 1) return i;
  return -1;
}

/** One decoding round; null when nothing decodes. `from` is where the first candidate may be. */
function decodeOnce(text: string, from: number): DecodedView | null {
  let first = from;
  while (first >= 0 && !readAt(text, first)) first = nextCandidate(text, first + 1);
  if (first < 0) return null;
  // A plain array: a typed array of more than a few entries is allocated off the heap, which costs more than the
  // whole decoding of a log line.
  const at: number[] = [];
  for (let k = 0; k < first; k++) at[k] = k;
  let decoded = text.slice(0, first);
  let out = first;
  let runStart = first;
  let i = first;
  while (i < text.length) {
    const next = nextCandidate(text, i);
    const stop = next < 0 ? text.length : next;
    for (; i < stop; i++) at[out++] = i;
    if (i >= text.length) break;
    if (!readAt(text, i)) {
      at[out++] = i++;
      continue;
    }
    if (runStart < i) decoded += text.slice(runStart, i);
    if (escCode !== DROP) {
      decoded += String.fromCharCode(escCode);
      at[out++] = i;
    }
    i += escLength;
    runStart = i;
  }
  if (runStart < text.length) decoded += text.slice(runStart);
  at[out] = text.length;
  return { text: decoded, at };
}

/**
 * The decoded view of `text`, or null when nothing in it decodes or folds. What an escape decodes to may be an
 * escape again (double encoding: `%2540`, `&amp;#64;`): it is decoded in a further round.
 */
export function decodeView(text: string): DecodedView | null {
  const from = nextCandidate(text, 0);
  if (from < 0) return null;
  const first = decodeOnce(text, from);
  if (first === null) return null;
  let view: DecodedView = first;
  for (let round = 1; round < MAX_ROUNDS; round++) {
    const next = nextCandidate(view.text, 0);
    const again = next < 0 ? null : decodeOnce(view.text, next);
    if (again === null) break;
    const at = again.at as number[];
    for (let k = 0; k < at.length; k++) at[k] = view.at[at[k] as number] as number;
    view = again;
  }
  return view;
}

/**
 * `text` as the view reads its characters, without decoding escapes (key names: `ｐａｓｓ\u200bword` is `password`);
 * the same string when nothing folds.
 */
export function plainSpelling(text: string): string {
  if (nextCandidate(text, 0) < 0) return text;
  let out = '';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const f = FOLD[c] as number;
    if (f === c) continue;
    out += text.slice(runStart, i);
    if (f !== DROP) out += String.fromCharCode(f);
    runStart = i + 1;
  }
  return runStart === 0 ? text : out + text.slice(runStart);
}
