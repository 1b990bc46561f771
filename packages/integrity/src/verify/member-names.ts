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

/** One open container: an object with the names read so far, or an array (`null`). */
type Open = { names: Set<string>; expectName: boolean } | null;

/**
 * Why the member names of `buf[start, end)` make the line ambiguous, or `undefined` when they do not. Only looks at
 * member names; the grammar is left to the parser (text that is not JSON may get either answer).
 */
export function ambiguousMemberNames(buf: Buffer, start = 0, end = buf.length): string | undefined {
  const open: Open[] = [];
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === QUOTE) {
      const close = closingQuote(buf, i + 1, end);
      if (close < 0) return undefined;
      const top = open.length > 0 ? open[open.length - 1] : undefined;
      if (top?.expectName) {
        top.expectName = false;
        const problem = checkName(top.names, buf, i + 1, close);
        if (problem !== undefined) return problem;
      }
      i = close;
    } else if (c === OPEN_OBJECT) {
      open.push({ names: new Set(), expectName: true });
    } else if (c === OPEN_ARRAY) {
      open.push(null);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      open.pop();
    } else if (c === COMMA) {
      const top = open.length > 0 ? open[open.length - 1] : undefined;
      if (top) top.expectName = true;
    }
  }
  return undefined;
}

/** Records one member name of an object; says what is wrong with it, if anything. */
function checkName(names: Set<string>, buf: Buffer, start: number, end: number): string | undefined {
  const raw = buf.subarray(start, end);
  const name = raw.indexOf(BACKSLASH) >= 0 ? decodeName(buf, start, end) : raw.toString('utf8');
  if (name === undefined) return undefined;
  if (name.includes('_')) {
    return 'ambiguous OTLP/JSON: a snake_case member name, which other readers (the Collector) take for an OTLP field; line not verified';
  }
  if (names.has(name)) {
    return 'ambiguous OTLP/JSON: an object repeats a member name, which readers resolve differently; line not verified';
  }
  if (names.size >= MAX_MEMBERS_PER_OBJECT) {
    return `not an OTLP request: an object with more than ${MAX_MEMBERS_PER_OBJECT} members; line not verified`;
  }
  names.add(name);
  return undefined;
}

/** A name spelled with escapes, as `JSON.parse` reads it; `undefined` when it is not a valid JSON string. */
function decodeName(buf: Buffer, start: number, end: number): string | undefined {
  try {
    return JSON.parse(buf.toString('utf8', start - 1, end + 1)) as string;
  } catch {
    return undefined;
  }
}
