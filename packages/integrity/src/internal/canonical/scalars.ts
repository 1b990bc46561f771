/**
 * Scalar encodings shared by both OLCF-1 producers (SDK record and OTLP/JSON): decimal integers, IEEE-754 double bits,
 * standard base64, lowercase hex ids, well-formed strings. Normative rules: docs/spec/olcf-1.md and
 * docs/spec/otlp-json-input.md.
 */

/** Largest int64 as a BigInt. */
export const INT64_MAX = 9223372036854775807n;
/** Smallest int64 as a BigInt. */
export const INT64_MIN = -9223372036854775808n;

const TWO_POW_63 = 2 ** 63;
const CANONICAL_NAN = '7ff8000000000000';
const scratch = new DataView(new ArrayBuffer(8));

/** True when a JS integer-valued number fits int64 (the protobuf exporter's test: `-2^63 <= v < 2^63`). */
export function isInt64Number(v: number): boolean {
  return v >= -TWO_POW_63 && v < TWO_POW_63;
}

/**
 * Decimal string of an integer-valued JS number, exact (never `String()` above 2^53, where `String(2**60)` is
 * `"1152921504606847000"` and `String(1e21)` is `"1e+21"`). `-0` gives `"0"`.
 */
export function integerNumberToDecimal(v: number): string {
  if (Number.isSafeInteger(v)) return String(v);
  return BigInt(v).toString();
}

/** Two lowercase hex digits of each byte value. */
export const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const scratchBytes = new Uint8Array(scratch.buffer);

/** 16 lowercase hex digits of the IEEE-754 binary64 bits, big-endian; every NaN is `7ff8000000000000`. */
export function doubleToHex(v: number): string {
  if (Number.isNaN(v)) return CANONICAL_NAN;
  scratch.setFloat64(0, v, false);
  const b = scratchBytes;
  return (
    HEX_BYTE[b[0]!]! +
    HEX_BYTE[b[1]!]! +
    HEX_BYTE[b[2]!]! +
    HEX_BYTE[b[3]!]! +
    HEX_BYTE[b[4]!]! +
    HEX_BYTE[b[5]!]! +
    HEX_BYTE[b[6]!]! +
    HEX_BYTE[b[7]!]!
  );
}

/**
 * Parses an OTLP/JSON int64 (a JSON number or a decimal string) to its canonical decimal string.
 * Returns `undefined` when the value is not an integer or lies outside int64.
 */
export function parseInt64(v: unknown): string | undefined {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || !isInt64Number(v)) return undefined;
    return integerNumberToDecimal(v);
  }
  if (typeof v === 'string') {
    if (!isDecimalIntegerText(v)) return undefined;
    const n = BigInt(v);
    if (n < INT64_MIN || n > INT64_MAX) return undefined;
    return n.toString();
  }
  return undefined;
}

/**
 * Parses an OTLP/JSON unsigned integer (uint32/uint64 fields such as `flags`, `droppedAttributesCount`, timestamps).
 * Absent → `"0"`; `undefined` result means malformed.
 */
export function parseUnsigned(v: unknown, max: bigint): string | undefined {
  if (v === undefined || v === null) return '0';
  let n: bigint;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) return undefined;
    n = BigInt(v);
  } else if (typeof v === 'string') {
    if (!isDecimalIntegerText(v) || v.startsWith('-')) return undefined;
    n = BigInt(v);
  } else {
    return undefined;
  }
  return n <= max ? n.toString() : undefined;
}

/** `-?[0-9]{1,20}` without a regex; leading zeros are tolerated on input (they are removed by BigInt). */
function isDecimalIntegerText(s: string): boolean {
  const start = s.startsWith('-') ? 1 : 0;
  const digits = s.length - start;
  if (digits < 1 || digits > 20) return false;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Parses an OTLP/JSON double: a JSON number, or the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (collector
 * encoding), or a decimal number string (proto3 JSON allows it). Returns the canonical hex bits or `undefined`.
 */
export function parseDouble(v: unknown): string | undefined {
  if (typeof v === 'number') return doubleToHex(v);
  if (typeof v !== 'string') return undefined;
  if (v === 'NaN') return CANONICAL_NAN;
  if (v === 'Infinity') return doubleToHex(Number.POSITIVE_INFINITY);
  if (v === '-Infinity') return doubleToHex(Number.NEGATIVE_INFINITY);
  if (v.length === 0 || v.length > 64 || !isNumberText(v)) return undefined;
  return doubleToHex(Number(v));
}

function isNumberText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // digits, '+', '-', '.', 'e', 'E'
    if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 101 || c === 69)) return false;
  }
  return !Number.isNaN(Number(s));
}

/** Standard padded base64 of bytes. */
export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Re-encodes any base64 variant (standard or URL-safe alphabet, padded or not) as standard padded base64.
 * Returns `undefined` for characters outside both alphabets, misplaced padding or an impossible length.
 */
export function normalizeBase64(s: string): string | undefined {
  let end = s.length;
  let pad = 0;
  while (end > 0 && s.charCodeAt(end - 1) === 61 /* = */ && pad < 2) {
    end--;
    pad++;
  }
  if (end % 4 === 1) return undefined;
  if (pad > 0 && (end + pad) % 4 !== 0) return undefined;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      (c >= 48 && c <= 57) ||
      c === 43 ||
      c === 47 ||
      c === 45 ||
      c === 95;
    if (!ok) return undefined;
  }
  // Non-zero trailing bits in the last character are tolerated, as proto3 JSON parsers tolerate them.
  return Buffer.from(s.slice(0, end), 'base64url').toString('base64');
}

/**
 * Canonical trace/span id: lowercase hex when the input is exactly `hexLength` hex digits and not all zero, else `""`.
 */
export function canonicalHexId(v: unknown, hexLength: 32 | 16): string {
  if (typeof v !== 'string' || v.length !== hexLength) return '';
  let nonZero = false;
  for (let i = 0; i < hexLength; i++) {
    const c = v.charCodeAt(i);
    const isHex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
    if (!isHex) return '';
    if (c !== 48) nonZero = true;
  }
  return nonZero ? v.toLowerCase() : '';
}

/** Counter for lone surrogates replaced while producing one canonical form. */
export interface SurrogateCounter {
  loneSurrogates: number;
}

/** Replaces lone surrogates with U+FFFD as the wire encoders do; counts each string that needed it. */
export function wellFormed(s: string, counter: SurrogateCounter): string {
  const w = s as unknown as WellFormedString;
  if (w.isWellFormed()) return s;
  counter.loneSurrogates += countLoneSurrogates(s);
  return w.toWellFormed();
}

/** ES2024 string methods (Node >= 20); the project's `lib` is ES2023. */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

function countLoneSurrogates(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else n++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      n++;
    }
  }
  return n;
}
