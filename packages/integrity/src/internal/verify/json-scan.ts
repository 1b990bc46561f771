/**
 * A single-pass structural scan of JSON bytes that materialises nothing: it measures how much a `JSON.parse` of the
 * text would build, and finds the byte spans of the values at one path (e.g. every log record of an OTLP request), so
 * that a hostile line can be parsed piece by piece instead of all at once. Bounded work: one pass over the bytes
 * (strings are skipped with `indexOf`), memory proportional to the nesting depth (one byte per level).
 */

/**
 * Structural tokens (`{ [ , :` outside strings) a parse may build in one go. `JSON.parse` allocates at most about
 * 40 bytes of heap per token (measured on V8 for `{}`, empty-object and unique-key soups), so this bounds one parse at
 * about 160 MB. A log record with 1 million attribute-map entries (the OLCF-1 value limit) takes 7 tokens per entry.
 */
export const MAX_PARSE_TOKENS = 4_000_000;

/** Receives the byte span `[start, end)` of one object or array found at the path, and the tokens inside it. */
export type OnJsonSpan = (start: number, end: number, tokens: number) => void;

/** Result of {@link scanJson}. */
export interface JsonScan {
  /**
   * Exactly one top-level object, strings closed, brackets matched by kind. Scalars are not checked: the pieces that
   * are parsed later are checked by `JSON.parse`.
   */
  readonly wellFormed: boolean;
  /** Structural tokens in the whole text. */
  readonly tokens: number;
  /** Keys of the top-level object (at most 16, escape sequences decoded). */
  readonly rootKeys: readonly string[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Keys longer than this are never compared with a path segment (no OTLP key comes close). */
const MAX_KEY_BYTES = 256;
const MAX_ROOT_KEYS = 16;

/**
 * Scans `buf[start, end)`. `path` names the values whose spans are wanted: object keys, or `*` for every element of
 * an array; e.g. `['resourceLogs', '*', 'scopeLogs', '*', 'logRecords', '*']`. `onSpan` is called for each object
 * or array at the path as it closes (scalars at the path are left alone), in document order.
 */
export function scanJson(
  buf: Buffer,
  start: number,
  end: number,
  path: readonly string[],
  onSpan: OnJsonSpan,
): JsonScan {
  const targets = path.map((p) => (p === '*' ? undefined : Buffer.from(p, 'utf8')));
  const depthLimit = path.length;
  // Per open container: its kind (1 object, 2 array). Grows by doubling; at most one byte per nesting level.
  let kinds = new Uint8Array(64);
  // For the containers at levels < path.length: whether they lie on the path, and for objects whether the member
  // being read has the key the path asks for, and whether a key is expected next.
  const onPath = new Array<boolean>(depthLimit + 1).fill(false);
  const keyMatches = new Array<boolean>(depthLimit + 1).fill(false);
  const expectKey = new Array<boolean>(depthLimit + 1).fill(false);
  const rootKeys: string[] = [];
  let depth = 0;
  let roots = 0;
  let tokens = 0;
  let spanStart = -1;
  let spanTokens = 0;

  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === QUOTE) {
      const close = closingQuote(buf, i + 1, end);
      if (close < 0) return malformed(tokens, rootKeys);
      const level = depth - 1;
      if (level >= 0 && level < depthLimit && onPath[level] && expectKey[level]) {
        expectKey[level] = false;
        const target = targets[level];
        keyMatches[level] = target !== undefined && keyEquals(buf, i + 1, close, target);
        if (level === 0 && rootKeys.length < MAX_ROOT_KEYS && close - i - 1 <= MAX_KEY_BYTES) {
          rootKeys.push(decodeKey(buf, i + 1, close));
        }
      }
      i = close;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      tokens++;
      if (depth === 0) roots++;
      const level = depth;
      const parent = level - 1;
      const isOnPath =
        level === 0 ||
        (parent < depthLimit &&
          onPath[parent] === true &&
          (kinds[parent] === 2 ? targets[parent] === undefined : keyMatches[parent] === true));
      if (isOnPath && level === depthLimit && spanStart < 0) {
        spanStart = i;
        spanTokens = tokens;
      }
      if (level < depthLimit) {
        onPath[level] = isOnPath;
        keyMatches[level] = false;
        expectKey[level] = c === OPEN_OBJECT;
      }
      if (depth === kinds.length) {
        const grown = new Uint8Array(kinds.length * 2);
        grown.set(kinds);
        kinds = grown;
      }
      kinds[depth++] = c === OPEN_OBJECT ? 1 : 2;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth === 0 || kinds[depth - 1] !== (c === CLOSE_OBJECT ? 1 : 2)) return malformed(tokens, rootKeys);
      depth--;
      if (depth === depthLimit && spanStart >= 0) {
        onSpan(spanStart, i + 1, tokens - spanTokens + 1);
        spanStart = -1;
      }
    } else if (c === COMMA) {
      tokens++;
      const level = depth - 1;
      if (level >= 0 && level < depthLimit && kinds[level] === 1) expectKey[level] = true;
    } else if (c === COLON) {
      tokens++;
    }
  }
  const wellFormed = depth === 0 && roots === 1 && firstByte(buf, start, end) === OPEN_OBJECT;
  return { wellFormed, tokens, rootKeys };
}

function malformed(tokens: number, rootKeys: string[]): JsonScan {
  return { wellFormed: false, tokens, rootKeys };
}

/** Index of the quote that closes a string whose content starts at `from`, or -1. */
export function closingQuote(buf: Buffer, from: number, end: number): number {
  let at = from;
  for (;;) {
    const q = buf.indexOf(QUOTE, at);
    if (q < 0 || q >= end) return -1;
    let backslashes = 0;
    for (let k = q - 1; k >= from && buf[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q;
    at = q + 1;
  }
}

function keyEquals(buf: Buffer, start: number, end: number, target: Buffer): boolean {
  if (end - start > MAX_KEY_BYTES) return false;
  if (buf.subarray(start, end).indexOf(BACKSLASH) >= 0) return decodeKey(buf, start, end) === target.toString('utf8');
  return end - start === target.length && buf.compare(target, 0, target.length, start, end) === 0;
}

/** A key as `JSON.parse` reads it (escape sequences decoded); undecodable keys compare unequal to everything. */
function decodeKey(buf: Buffer, start: number, end: number): string {
  try {
    return JSON.parse(buf.toString('utf8', start - 1, end + 1)) as string;
  } catch {
    return '\u0000invalid key';
  }
}

function firstByte(buf: Buffer, start: number, end: number): number | undefined {
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c;
  }
  return undefined;
}
