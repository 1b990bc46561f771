/**
 * A byte writer for OLCF-1 text: the canonical JSON goes straight into one reused buffer as UTF-8, with the string
 * escaping of `JSON.stringify` (docs/spec/olcf-1.md, "Strings"), and leaves as one flat string or as bytes to hash.
 * It replaces building tagged arrays and pair lists and serializing them with `JSON.stringify` (two allocations per
 * value and a second walk); concatenating the text as JS strings instead builds a rope whose flattening inside the
 * hash costs more than it saves (BENCHMARKS.md, sealing). Synchronous and not re-entrant: {@link acquireWriter}
 * hands out the shared writer, or a fresh one when a getter inside a record canonicalizes another record.
 */
import { HEX_BYTE } from './scalars.js';

/** Buffers that grew beyond this are dropped after use, so one huge record does not pin its memory. */
const KEEP_BYTES = 1 << 20;
const INITIAL_BYTES = 16 * 1024;

const QUOTE = 0x22;
const CANONICAL_NAN = '7ff8000000000000';
const HEX_DIGIT = Buffer.from('0123456789abcdef', 'latin1');
const BASE64 = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'latin1');
const scratch = new DataView(new ArrayBuffer(8));
const scratchBytes = new Uint8Array(scratch.buffer);
const BACKSLASH = 0x5c;
/** JSON escapes of U+0000–U+001F as JSON.stringify writes them: short forms where they exist, `\u00xx` otherwise. */
const CONTROL_ESCAPES: readonly Uint8Array[] = Array.from({ length: 32 }, (_, c) => {
  const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
  return Buffer.from(short[c] ?? `\\u00${HEX_BYTE[c]}`, 'latin1');
});
/** A string longer than this is checked and copied by native code (three passes that each beat one JS pass). */
const NATIVE_STRING_CHARS = 48;
/** Characters that JSON escapes (lone surrogates are checked separately with `isWellFormed`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** Node's Buffer has these fast native methods (used by `Buffer#write` and `toString`); @types/node omits them. */
export interface NativeBuffer {
  utf8Write(s: string, offset?: number, length?: number): number;
  latin1Slice(start?: number, end?: number): string;
  utf8Slice(start?: number, end?: number): string;
}

interface WellFormedString {
  isWellFormed(): boolean;
}

/** Growable UTF-8 output; `pos` is the next byte. */
export class CanonicalWriter {
  buf: Buffer & NativeBuffer;
  pos = 0;
  /** Lone surrogates replaced by U+FFFD in strings written with {@link str}. */
  loneSurrogates = 0;
  /** Every byte written so far is ASCII (the text can be read back as latin1, cheaper than UTF-8). */
  ascii = true;
  busy = false;
  /** AnyValues written for the current record (olcf-1.md, "Limits"). */
  values = 0;
  /** Containers being written, outermost first: a cycle is looked for here only when a walk fails. */
  readonly stack: object[] = [];

  constructor(size = INITIAL_BYTES) {
    this.buf = Buffer.allocUnsafe(size) as Buffer & NativeBuffer;
  }

  reset(): void {
    this.pos = 0;
    this.loneSurrogates = 0;
    this.ascii = true;
    this.values = 0;
    if (this.stack.length !== 0) this.stack.length = 0;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const grown = Buffer.allocUnsafe(size) as Buffer & NativeBuffer;
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** One ASCII byte. */
  byte(c: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = c;
  }

  /** Pre-encoded ASCII bytes (tags, punctuation). */
  bytes(b: Uint8Array): void {
    const n = b.length;
    if (this.pos + n > this.buf.length) this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = b[i]!;
    this.pos = p;
  }

  /** ASCII text without anything to escape (decimal digits, hex, base64), unquoted. */
  ascii7(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Decimal digits of a non-negative safe integer, unquoted. */
  uint(v: number): void {
    if (v < 1e9) {
      this.#smallUint(v);
      return;
    }
    // Split so each half is an int32: integer division by 10 is then cheap (no float division).
    const high = Math.floor(v / 1e9);
    this.uint(high);
    this.digits9(v - high * 1e9);
  }

  /** Exactly nine decimal digits (leading zeros kept) of an integer in [0, 1e9). */
  digits9(v: number): void {
    if (this.pos + 9 > this.buf.length) this.ensure(9);
    const buf = this.buf;
    let p = this.pos + 9;
    this.pos = p;
    let x = v | 0;
    for (let i = 0; i < 9; i++) {
      const q = (x / 10) | 0;
      buf[--p] = 48 + x - 10 * q;
      x = q;
    }
  }

  #smallUint(v: number): void {
    let x = v | 0;
    let digits = 1;
    for (let t = 10; t <= x && digits < 10; t *= 10) digits++;
    if (this.pos + digits > this.buf.length) this.ensure(digits);
    const buf = this.buf;
    let p = this.pos + digits;
    this.pos = p;
    while (x >= 10) {
      const q = (x / 10) | 0;
      buf[--p] = 48 + x - 10 * q;
      x = q;
    }
    buf[--p] = 48 + x;
  }

  /** Standard padded base64 of bytes, unquoted (small arrays in JS; large ones natively). */
  base64(bytes: Uint8Array): void {
    const n = bytes.length;
    if (n > 96) {
      this.ascii7(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'));
      return;
    }
    const out = 4 * Math.ceil(n / 3);
    if (this.pos + out > this.buf.length) this.ensure(out);
    const buf = this.buf;
    let p = this.pos;
    let i = 0;
    for (; i + 3 <= n; i += 3) {
      const t = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      buf[p++] = BASE64[t >> 18]!;
      buf[p++] = BASE64[(t >> 12) & 63]!;
      buf[p++] = BASE64[(t >> 6) & 63]!;
      buf[p++] = BASE64[t & 63]!;
    }
    if (i < n) {
      const two = i + 1 < n;
      const t = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
      buf[p++] = BASE64[t >> 18]!;
      buf[p++] = BASE64[(t >> 12) & 63]!;
      buf[p++] = two ? BASE64[(t >> 6) & 63]! : 0x3d;
      buf[p++] = 0x3d;
    }
    this.pos = p;
  }

  /**
   * `"` + the canonical trace/span id of `v` + `"` (see `canonicalHexId`): lowercase hex when `v` is exactly `hexLength`
   * hex digits and not all zero, else the empty string.
   */
  quotedHexId(v: unknown, hexLength: number): void {
    this.ensure(hexLength + 2);
    const buf = this.buf;
    const start = this.pos;
    buf[start] = QUOTE;
    if (typeof v === 'string' && v.length === hexLength) {
      let p = start + 1;
      let nonZero = false;
      let i = 0;
      for (; i < hexLength; i++) {
        let c = v.charCodeAt(i);
        if (c >= 65 && c <= 70) c += 32;
        if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) break;
        if (c !== 48) nonZero = true;
        buf[p++] = c;
      }
      if (i === hexLength && nonZero) {
        buf[p++] = QUOTE;
        this.pos = p;
        return;
      }
    }
    buf[start + 1] = QUOTE;
    this.pos = start + 2;
  }

  /** 16 lowercase hex digits of the IEEE-754 binary64 bits, most significant byte first; NaN → `7ff8000000000000`. */
  doubleHex(v: number): void {
    this.ensure(16);
    const buf = this.buf;
    let p = this.pos;
    if (Number.isNaN(v)) {
      for (let i = 0; i < 16; i++) buf[p++] = CANONICAL_NAN.charCodeAt(i);
    } else {
      scratch.setFloat64(0, v, false);
      for (let i = 0; i < 8; i++) {
        const b = scratchBytes[i]!;
        buf[p++] = HEX_DIGIT[b >> 4]!;
        buf[p++] = HEX_DIGIT[b & 15]!;
      }
    }
    this.pos = p;
  }

  /** `"` + ASCII text without anything to escape + `"`. */
  quotedAscii(s: string): void {
    const n = s.length;
    if (this.pos + n + 2 > this.buf.length) this.ensure(n + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = QUOTE;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    buf[p++] = QUOTE;
    this.pos = p;
  }

  /**
   * A string as OLCF-1 writes it: lone surrogates replaced by U+FFFD (and counted), then quoted and escaped exactly
   * as `JSON.stringify` escapes a well-formed string, in UTF-8.
   */
  str(s: string): void {
    const n = s.length;
    if (n > NATIVE_STRING_CHARS && (s as unknown as WellFormedString).isWellFormed() && !NEEDS_ESCAPE.test(s)) {
      this.ensure(3 * n + 2);
      const buf = this.buf;
      buf[this.pos++] = QUOTE;
      const written = buf.utf8Write(s, this.pos);
      if (written !== n) this.ascii = false;
      this.pos += written;
      buf[this.pos++] = QUOTE;
      return;
    }
    // Worst case per UTF-16 unit: 6 bytes (`\u001f`).
    if (this.pos + 6 * n + 2 > this.buf.length) this.ensure(6 * n + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== QUOTE && c !== BACKSLASH) {
          buf[p++] = c;
        } else if (c < 0x20) {
          const e = CONTROL_ESCAPES[c]!;
          for (let k = 0; k < e.length; k++) buf[p++] = e[k]!;
        } else {
          buf[p++] = BACKSLASH;
          buf[p++] = c;
        }
        continue;
      }
      this.ascii = false;
      if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      } else {
        const d = c <= 0xdbff && i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[p++] = 0xf0 | (cp >> 18);
          buf[p++] = 0x80 | ((cp >> 12) & 0x3f);
          buf[p++] = 0x80 | ((cp >> 6) & 0x3f);
          buf[p++] = 0x80 | (cp & 0x3f);
          i++;
        } else {
          // Lone surrogate: U+FFFD, as String.prototype.toWellFormed and the wire encoders write it.
          this.loneSurrogates++;
          buf[p++] = 0xef;
          buf[p++] = 0xbf;
          buf[p++] = 0xbd;
        }
      }
    }
    buf[p++] = QUOTE;
    this.pos = p;
  }

  /**
   * A string exactly as `JSON.stringify` writes it, lone surrogates included (escaped as `\udxxx`): for the slots
   * OLCF-1 takes verbatim from the producer (stream id, resource digest), which are ASCII in practice.
   */
  jsonString(s: string): void {
    if ((s as unknown as WellFormedString).isWellFormed()) {
      const saved = this.loneSurrogates;
      this.str(s);
      this.loneSurrogates = saved;
      return;
    }
    const text = JSON.stringify(s);
    this.ensure(3 * text.length);
    const written = this.buf.utf8Write(text, this.pos);
    if (written !== text.length) this.ascii = false;
    this.pos += written;
  }

  /** Appends bytes `[start, end)` of `src`. */
  copyFrom(src: Buffer, start: number, end: number): void {
    const n = end - start;
    if (this.pos + n > this.buf.length) this.ensure(n);
    // A JS byte loop costs about 1 ns per byte; the native copy about 40 ns whatever the length.
    if (n > 32) {
      src.copy(this.buf, this.pos, start, end);
      this.pos += n;
      return;
    }
    const buf = this.buf;
    let p = this.pos;
    for (let i = start; i < end; i++) buf[p++] = src[i]!;
    this.pos = p;
  }

  /**
   * A copy of bytes `[start, end)` in a scratch buffer of the writer (valid until the next call), for reordering what
   * was written.
   */
  copyOut(start: number, end: number): Buffer {
    const n = end - start;
    if (this.#scratch.length < n) this.#scratch = Buffer.allocUnsafe(Math.max(n, 2 * this.#scratch.length));
    this.buf.copy(this.#scratch, 0, start, end);
    return this.#scratch.subarray(0, n);
  }

  #scratch: Buffer = Buffer.allocUnsafe(256);

  /** The text written so far, as one flat string. */
  text(start = 0): string {
    return this.ascii ? this.buf.latin1Slice(start, this.pos) : this.buf.utf8Slice(start, this.pos);
  }
}

let shared: CanonicalWriter | undefined;

/**
 * The canonical text most recently read out of the shared writer and its UTF-8 bytes, still in the writer's buffer:
 * hashing those bytes skips re-encoding the text (the producer hashes each text right after building it). Cleared
 * when the shared writer is taken again, before its buffer is overwritten.
 */
let lastText: string | undefined;
let lastBytes: Buffer | undefined;

/** Remembers `text` as the content of `w` (only for the shared writer, whose buffer is not touched until reuse). */
export function rememberText(w: CanonicalWriter, text: string): void {
  if (w !== shared || w.buf.length > KEEP_BYTES) return;
  lastText = text;
  lastBytes = w.buf.subarray(0, w.pos);
}

/** The UTF-8 bytes of `text` when it is the text just built by {@link rememberText}'s writer; else `undefined`. */
export function bytesOfText(text: string): Buffer | undefined {
  return text === lastText ? lastBytes : undefined;
}

/** The shared writer, reset; a fresh one when it is in use (re-entry from a getter). Give it back with {@link releaseWriter}. */
export function acquireWriter(): CanonicalWriter {
  let w = shared;
  if (w !== undefined && !w.busy) {
    lastText = undefined;
    lastBytes = undefined;
  }
  if (w === undefined || w.busy) {
    w = new CanonicalWriter(w === undefined ? INITIAL_BYTES : 1024);
    if (shared === undefined) shared = w;
  }
  w.busy = true;
  w.reset();
  return w;
}

/** Returns a writer taken with {@link acquireWriter}; a shared buffer that grew very large is let go. */
export function releaseWriter(w: CanonicalWriter): void {
  w.busy = false;
  if (w === shared && w.buf.length > KEEP_BYTES) w.buf = Buffer.allocUnsafe(INITIAL_BYTES) as Buffer & NativeBuffer;
}
