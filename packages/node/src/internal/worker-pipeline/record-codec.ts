/**
 * The bytes of a hand-off batch: records (after their plain-data snapshot), the resources and instrumentation scopes
 * they refer to (sent once each, then by id), and counts of records refused at the hand-off. The application's thread
 * writes a batch into one transferable buffer; the worker reads it back into records with the same values.
 *
 * Values round-trip exactly: strings (UTF-8; UTF-16 when not well-formed, so a lone surrogate is not turned into
 * U+FFFD on the way), numbers as IEEE doubles (−0, NaN and integers keep their bits), booleans, null, undefined,
 * byte arrays, arrays and maps (decoded with a null prototype, so a `__proto__` key stays an ordinary key).
 */

/** Frame kinds, one byte each. */
export const FRAME = { record: 1, resource: 2, scope: 3, refused: 4 } as const;

const T_UNDEFINED = 0;
const T_NULL = 1;
const T_FALSE = 2;
const T_TRUE = 3;
const T_INT32 = 4;
const T_FLOAT64 = 5;
const T_UTF8 = 6;
const T_UTF16 = 7;
const T_BYTES = 8;
const T_ARRAY = 9;
const T_MAP = 10;
const T_BIGINT = 11;

/**
 * Node's own string codecs on `Buffer` (what `write` and `toString` call after looking the encoding up; present in
 * every Node version), used directly on the hot path.
 */
type NodeBuffer = Buffer & {
  utf8Write(s: string, offset: number): number;
  ucs2Write(s: string, offset: number): number;
  utf8Slice(start: number, end: number): string;
  ucs2Slice(start: number, end: number): string;
};

function allocate(bytes: number): NodeBuffer {
  return Buffer.allocUnsafeSlow(bytes) as NodeBuffer;
}

/** Strings up to this length are tried as ASCII in JS first. */
const SHORT_STRING = 64;

/** Deeper than any snapshot (depth ≤ 100) or resource; past it a value is written as null rather than recursing on. */
const MAX_DEPTH = 128;

/**
 * An append-only byte buffer backed by its own `ArrayBuffer` (never Node's shared pool), so it can be transferred to
 * the worker without a copy.
 */
export class ByteWriter {
  buf: NodeBuffer;
  pos = 0;

  /** A new buffer of `initial` bytes, or the given one (a buffer the worker handed back). */
  constructor(initial: number | ArrayBuffer) {
    this.buf = (typeof initial === 'number' ? allocate(initial) : Buffer.from(initial)) as NodeBuffer;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = allocate(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  u32(v: number): void {
    this.ensure(4);
    this.#u32At(this.pos, v);
    this.pos += 4;
  }

  f64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  /**
   * A string: UTF-8 when `wellFormed` is known or checked, else UTF-16 code units (lone surrogates kept). Snapshot
   * output is well-formed by construction; resource and scope strings are checked.
   */
  string(s: string, wellFormed: boolean): void {
    const n = s.length;
    if (n <= SHORT_STRING) {
      // Short strings are mostly ASCII (keys, codes, addresses): copied in JS, which beats a native call per string.
      this.ensure(5 + n * 3);
      const b = this.buf;
      const start = this.pos + 5;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[start + i] = c;
      }
      if (i === n) {
        b[this.pos] = T_UTF8;
        this.#u32At(this.pos + 1, n);
        this.pos = start + n;
        return;
      }
    }
    if (wellFormed || s.isWellFormed()) {
      this.ensure(5 + s.length * 3);
      this.buf[this.pos] = T_UTF8;
      const n = this.buf.utf8Write(s, this.pos + 5);
      this.#u32At(this.pos + 1, n);
      this.pos += 5 + n;
    } else {
      this.ensure(5 + s.length * 2);
      this.buf[this.pos] = T_UTF16;
      this.#u32At(this.pos + 1, s.length);
      const n = this.buf.ucs2Write(s, this.pos + 5);
      this.pos += 5 + n;
    }
  }

  /** Any value; `trusted` when it is snapshot output (plain data, well-formed strings). */
  value(v: unknown, trusted: boolean, depth = 0): void {
    switch (typeof v) {
      case 'string':
        this.string(v, trusted);
        return;
      case 'number':
        if ((v | 0) === v && !Object.is(v, -0)) {
          this.ensure(5);
          this.buf[this.pos] = T_INT32;
          this.buf.writeInt32LE(v, this.pos + 1);
          this.pos += 5;
        } else {
          this.u8(T_FLOAT64);
          this.f64(v);
        }
        return;
      case 'boolean':
        this.u8(v ? T_TRUE : T_FALSE);
        return;
      case 'undefined':
        this.u8(T_UNDEFINED);
        return;
      case 'bigint':
        this.u8(T_BIGINT);
        this.string(v.toString(), true);
        return;
      case 'object':
        if (v === null || depth >= MAX_DEPTH) {
          this.u8(T_NULL);
          return;
        }
        if (ArrayBuffer.isView(v)) {
          const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
          this.ensure(5 + bytes.length);
          this.buf[this.pos] = T_BYTES;
          this.#u32At(this.pos + 1, bytes.length);
          this.buf.set(bytes, this.pos + 5);
          this.pos += 5 + bytes.length;
          return;
        }
        if (Array.isArray(v)) {
          this.u8(T_ARRAY);
          this.u32(v.length);
          for (let i = 0; i < v.length; i++) this.value(v[i], trusted, depth + 1);
          return;
        }
        this.map(v as Record<string, unknown>, trusted, depth);
        return;
      default:
        // Functions and symbols never survive a snapshot; elsewhere the exporters write them as empty values.
        this.u8(T_NULL);
    }
  }

  /** A map of own enumerable string keys. */
  map(m: Record<string, unknown>, trusted: boolean, depth = 0): void {
    const keys = Object.keys(m);
    this.u8(T_MAP);
    this.u32(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      this.string(k, trusted);
      this.value(m[k], trusted, depth + 1);
    }
  }

  #u32At(at: number, v: number): void {
    const b = this.buf;
    b[at] = v;
    b[at + 1] = v >>> 8;
    b[at + 2] = v >>> 16;
    b[at + 3] = v >>> 24;
  }
}

/** Reads what a {@link ByteWriter} wrote. Throws on malformed input (a bug, never user data). */
export class ByteReader {
  readonly buf: NodeBuffer;
  pos = 0;
  readonly end: number;

  constructor(buf: Buffer, end: number) {
    this.buf = buf as NodeBuffer;
    this.end = end;
  }

  u8(): number {
    if (this.pos >= this.end) throw new RangeError('hand-off batch: read past the end');
    return this.buf[this.pos++] as number;
  }

  u32(): number {
    const b = this.buf;
    const at = this.pos;
    if (at + 4 > this.end) throw new RangeError('hand-off batch: read past the end');
    this.pos = at + 4;
    return (
      ((b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16)) +
      (b[at + 3] as number) * 0x1000000
    );
  }

  f64(): number {
    if (this.pos + 8 > this.end) throw new RangeError('hand-off batch: read past the end');
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  value(): unknown {
    const tag = this.u8();
    switch (tag) {
      case T_UNDEFINED:
        return undefined;
      case T_NULL:
        return null;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_INT32: {
        const v = this.buf.readInt32LE(this.pos);
        this.pos += 4;
        return v;
      }
      case T_FLOAT64:
        return this.f64();
      case T_UTF8:
      case T_UTF16:
        return this.#stringBody(tag);
      case T_BYTES: {
        const n = this.u32();
        const out = new Uint8Array(n);
        out.set(this.buf.subarray(this.pos, this.pos + n));
        this.pos += n;
        return out;
      }
      case T_ARRAY: {
        const n = this.u32();
        const out: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = this.value();
        return out;
      }
      case T_MAP:
        return this.#mapBody(Object.create(null) as Record<string, unknown>);
      case T_BIGINT:
        return BigInt(this.string());
      default:
        throw new RangeError(`hand-off batch: unknown value tag ${tag}`);
    }
  }

  string(): string {
    const tag = this.u8();
    if (tag !== T_UTF8 && tag !== T_UTF16) throw new RangeError('hand-off batch: a string was expected');
    return this.#stringBody(tag);
  }

  /** A map into `target` (an attributes object: keys assigned as own data properties, `__proto__` included). */
  mapInto(target: Record<string, unknown>): Record<string, unknown> {
    if (this.u8() !== T_MAP) throw new RangeError('hand-off batch: a map was expected');
    return this.#mapBody(target);
  }

  #mapBody(target: Record<string, unknown>): Record<string, unknown> {
    const n = this.u32();
    for (let i = 0; i < n; i++) {
      const k = this.string();
      const v = this.value();
      if (k === '__proto__')
        Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true });
      else target[k] = v;
    }
    return target;
  }

  #stringBody(tag: number): string {
    const n = this.u32();
    if (tag === T_UTF8) {
      const s = this.buf.utf8Slice(this.pos, this.pos + n);
      this.pos += n;
      return s;
    }
    const s = this.buf.ucs2Slice(this.pos, this.pos + 2 * n);
    this.pos += 2 * n;
    return s;
  }
}
