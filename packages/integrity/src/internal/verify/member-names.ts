/**
 * Lines that other OTLP/JSON readers may read differently from the verifier are not evidence. The Collector's reader
 * (pdata) keeps every copy of a repeated list member and accepts the proto `snake_case` names as well as the JSON
 * names; `JSON.parse` keeps only the last copy, and the spec reads only the lowerCamelCase names. An attacker can use
 * the difference to make a sealed line verify while a Collector-based consumer reads added attributes, records or a
 * different event name (docs/spec/otlp-json-input.md, "JSON"). So a line is refused as a whole when one of its objects
 * repeats a member name, or when a member name is a `snake_case` name: OTLP/JSON member names never hold `_`, and
 * user data (attribute keys, map keys) is always in values, never in member names.
 *
 * One pass over the bytes; memory: the member names of the objects open at one time (each object is capped).
 */
import { closingQuote } from './json-scan.js';

/** Members one object may have: OTLP objects have at most a dozen; beyond this the line is not an OTLP request. */
export const MAX_MEMBERS_PER_OBJECT = 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const UNDERSCORE = 0x5f;

/** Members compared pairwise by their bytes; an object with more switches to a set of decoded names. */
const SMALL_OBJECT = 16;

/**
 * Why the member names of `buf[start, end)` make the line ambiguous, or `undefined` when they do not. Only looks at
 * member names; the grammar is left to the parser (text that is not JSON may get either answer).
 */
export function ambiguousMemberNames(buf: Buffer, start = 0, end = buf.length): string | undefined {
  const names = new NameStack(buf);
  // Per open container: 1 object expecting a member name, 2 object expecting a value, 3 array.
  let kinds = new Uint8Array(64);
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === QUOTE) {
      const close = closingQuote(buf, i + 1, end);
      if (close < 0) return undefined;
      if (depth > 0 && kinds[depth - 1] === 1) {
        kinds[depth - 1] = 2;
        const problem = names.add(i + 1, close);
        if (problem !== undefined) return problem;
      }
      i = close;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth === kinds.length) {
        const grown = new Uint8Array(kinds.length * 2);
        grown.set(kinds);
        kinds = grown;
      }
      kinds[depth++] = c === OPEN_OBJECT ? 1 : 3;
      if (c === OPEN_OBJECT) names.open();
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth === 0) return undefined;
      if (kinds[--depth] !== 3) names.close();
    } else if (c === COMMA) {
      if (depth > 0 && kinds[depth - 1] === 2) kinds[depth - 1] = 1;
    }
  }
  return undefined;
}

/**
 * The member names of the open objects, as byte spans of the line on one flat stack (no allocation per object or per
 * name on ordinary lines). Names with escapes, and objects past {@link SMALL_OBJECT} members, are compared decoded.
 */
class NameStack {
  #spans = new Int32Array(256);
  #top = 0;
  /** Index in `#spans` where each open object's names begin, and each object's decoded-name set once it has one. */
  #bases: number[] = [];
  #sets: (Set<string> | undefined)[] = [];

  constructor(private readonly buf: Buffer) {}

  open(): void {
    this.#bases.push(this.#top);
    this.#sets.push(undefined);
  }

  close(): void {
    const base = this.#bases.pop();
    this.#sets.pop();
    if (base !== undefined) this.#top = base;
  }

  /** Adds the name at `[start, end)` to the innermost object; says what is wrong with it, if anything. */
  add(start: number, end: number): string | undefined {
    const buf = this.buf;
    let escaped = false;
    for (let k = start; k < end; k++) {
      const c = buf[k]!;
      if (c === UNDERSCORE) return SNAKE_CASE;
      if (c === BACKSLASH) escaped = true;
    }
    const level = this.#bases.length - 1;
    if (level < 0) return undefined;
    const base = this.#bases[level]!;
    const count = (this.#top - base) / 2;
    if (count >= MAX_MEMBERS_PER_OBJECT) return TOO_MANY;
    let set = this.#sets[level];
    if (escaped || set !== undefined || count >= SMALL_OBJECT) {
      const name = decodeName(buf, start, end, escaped);
      if (name === undefined) return undefined;
      if (name.includes('_')) return SNAKE_CASE;
      if (set === undefined) {
        set = new Set();
        for (let j = base; j < this.#top; j += 2) {
          const other = decodeName(buf, this.#spans[j]!, this.#spans[j + 1]!, true);
          if (other !== undefined) set.add(other);
        }
        this.#sets[level] = set;
      }
      if (set.has(name)) return REPEATED;
      set.add(name);
    } else {
      const length = end - start;
      for (let j = base; j < this.#top; j += 2) {
        const s = this.#spans[j]!;
        if (this.#spans[j + 1]! - s === length && buf.compare(buf, start, end, s, s + length) === 0) return REPEATED;
      }
    }
    this.#push(start, end);
    return undefined;
  }

  #push(start: number, end: number): void {
    if (this.#top + 2 > this.#spans.length) {
      const grown = new Int32Array(this.#spans.length * 2);
      grown.set(this.#spans);
      this.#spans = grown;
    }
    this.#spans[this.#top++] = start;
    this.#spans[this.#top++] = end;
  }
}

const SNAKE_CASE =
  'ambiguous OTLP/JSON: a snake_case member name, which other readers (the Collector) take for an OTLP field; line not verified';
const REPEATED =
  'ambiguous OTLP/JSON: an object repeats a member name, which readers resolve differently; line not verified';
const TOO_MANY = `not an OTLP request: an object with more than ${MAX_MEMBERS_PER_OBJECT} members; line not verified`;

/** A name as `JSON.parse` reads it; `undefined` when it is not a valid JSON string. */
function decodeName(buf: Buffer, start: number, end: number, escaped: boolean): string | undefined {
  if (!escaped) return buf.toString('utf8', start, end);
  try {
    return JSON.parse(buf.toString('utf8', start - 1, end + 1)) as string;
  } catch {
    return undefined;
  }
}
