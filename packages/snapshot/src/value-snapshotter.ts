/**
 * Pure core: turns any JavaScript value a caller may log into plain data that the OTLP exporters write faithfully —
 * strings, finite numbers within int64, booleans, `null`, `Uint8Array` copies, dense arrays and null-prototype maps —
 * reading every property exactly once. No OTel import; testable with plain values.
 *
 * Why: the SDK keeps a record's body by reference until the batch is exported, and the exporter walks it again with
 * `Object.keys`. A getter can answer differently at export than at redaction or sealing, a `String` object is exported
 * one character per key, a throwing getter fails the whole batch, NaN and integers beyond int64 are written
 * differently by the JSON and protobuf encoders. After the snapshot there is one set of bytes: what redaction scans,
 * integrity seals and the exporter writes.
 */

import type { SnapshotLimits } from './snapshot-limits.js';
import {
  CIRCULAR_MARKER,
  cutLengthMarker,
  DEPTH_MARKER,
  OMITTED_KEYS_KEY,
  omittedItemsMarker,
  UNREADABLE_MARKER,
} from './snapshot-markers.js';

/** Plain data produced by a snapshot. */
export type PlainValue = string | number | boolean | null | Uint8Array | PlainValue[] | { [key: string]: PlainValue };

/** What one record's snapshot changed, beyond copying (counts only, never content). */
export interface SnapshotChanges {
  /** Values cut or replaced because a limit was reached (depth, value budget, string length). */
  truncated: number;
  /** References to an ancestor replaced by `[CIRCULAR]`. */
  circular: number;
  /** Values whose reading threw, replaced by `[UNREADABLE]`. */
  unreadable: number;
  /** Values rewritten so every exporter writes them alike (NaN, ±Infinity, integers beyond int64, lone surrogates). */
  normalized: number;
  /** Map keys left out because they collided with another key after lone-surrogate repair. */
  duplicateKeys: number;
}

/** Creates a zeroed change counter. */
export function noChanges(): SnapshotChanges {
  return { truncated: 0, circular: 0, unreadable: 0, normalized: 0, duplicateKeys: 0 };
}

/** True when a snapshot changed anything beyond making a copy. */
export function hasChanges(c: SnapshotChanges): boolean {
  return c.truncated + c.circular + c.unreadable + c.normalized + c.duplicateKeys > 0;
}

/**
 * Snapshots the values of one record under one shared budget: call {@link begin} before each record. Not re-entrant:
 * a getter that itself logs starts another record in the middle of this one, so callers use a fresh instance for a
 * nested record (see `snapshotLogRecord`).
 *
 * @example
 * const s = new ValueSnapshotter(DEFAULT_SNAPSHOT_LIMITS);
 * s.begin();
 * s.value({ user: new String('bob'), n: NaN }); // { user: 'bob', n: 'NaN' }
 */
export class ValueSnapshotter {
  readonly #limits: SnapshotLimits;
  #values = 0;
  #length = 0;
  readonly #ancestors: object[] = [];
  changes: SnapshotChanges = noChanges();

  constructor(limits: SnapshotLimits) {
    this.#limits = limits;
  }

  /** Starts a new record: resets the budget and the change counters. */
  begin(): void {
    this.#values = 0;
    this.#length = 0;
    this.#ancestors.length = 0;
    this.changes = noChanges();
  }

  /** Snapshot of one value at the top of a record (the body, or one attribute value). */
  value(v: unknown): PlainValue {
    return this.#value(v, 0, true);
  }

  /** A map key as the exporter will write it: lone surrogates repaired, cut like any string, counted in the budget. */
  key(k: string): string {
    this.#values++;
    return this.#string(k);
  }

  #value(v: unknown, depth: number, allowToJSON: boolean): PlainValue {
    this.#values++;
    switch (typeof v) {
      case 'string':
        return this.#string(v);
      case 'number':
        return this.#number(v);
      case 'boolean':
        return v;
      case 'bigint':
        return this.#bigint(v);
      case 'object':
        if (v === null) return null;
        return this.#object(v, depth, allowToJSON);
      default:
        // undefined, functions and symbols: the exporter writes an empty value.
        return null;
    }
  }

  #string(s: string): string {
    let out = s;
    if (!out.isWellFormed()) {
      out = out.toWellFormed();
      this.changes.normalized++;
    }
    const room = Math.min(this.#limits.maxStringLength, Math.max(0, this.#limits.maxTotalLength - this.#length));
    if (out.length > room) {
      let cut = room;
      // Never split a surrogate pair: the cut would leave a lone surrogate behind.
      if (cut > 0 && isHighSurrogate(out.charCodeAt(cut - 1))) cut--;
      const rest = out.length - cut;
      out = out.slice(0, cut) + cutLengthMarker(rest);
      this.changes.truncated++;
    }
    this.#length += out.length;
    return out;
  }

  /**
   * NaN, ±Infinity and integers beyond ±(2^53 − 1) become strings: the encoders disagree on them. The JSON encoder
   * writes 2^60 as `1152921504606847000` (shortest round-trip digits, not the integer's own) and NaN as `null`, while
   * protobuf carries the exact int64 or the IEEE bits.
   */
  #number(n: number): number | string {
    if (Number.isFinite(n)) {
      if (!Number.isInteger(n) || Number.isSafeInteger(n)) return n === 0 ? 0 : n;
      this.changes.normalized++;
      return BigInt(n).toString();
    }
    this.changes.normalized++;
    return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  }

  /** The exporter writes bigint as an empty value; keep the number (safe integers) or its exact decimal text. */
  #bigint(b: bigint): number | string {
    this.changes.normalized++;
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b.toString();
  }

  #object(o: object, depth: number, allowToJSON: boolean): PlainValue {
    if (this.#ancestors.includes(o)) {
      this.changes.circular++;
      return CIRCULAR_MARKER;
    }
    try {
      if (ArrayBuffer.isView(o)) return this.#view(o, depth);
      if (o instanceof ArrayBuffer || o instanceof SharedArrayBuffer) return this.#bytes(new Uint8Array(o));
      if (depth >= this.#limits.maxDepth) {
        this.changes.truncated++;
        return DEPTH_MARKER;
      }
      this.#ancestors.push(o);
      try {
        return this.#container(o, depth, allowToJSON);
      } finally {
        this.#ancestors.pop();
      }
    } catch {
      // A Proxy trap or getter threw (or a revoked Proxy): the value cannot be read, and must not fail the record.
      this.changes.unreadable++;
      return UNREADABLE_MARKER;
    }
  }

  #container(o: object, depth: number, allowToJSON: boolean): PlainValue {
    if (Array.isArray(o)) return this.#array(o, depth);
    const proto = Object.getPrototypeOf(o);
    const plain = proto === Object.prototype || proto === null;
    if (allowToJSON) {
      const toJSON = (o as { toJSON?: unknown }).toJSON;
      // JSON.stringify semantics: toJSON (Date, URL, Decimal…) decides the value; its result is not asked again.
      if (typeof toJSON === 'function') {
        const json: unknown = toJSON.call(o, '');
        return json === o ? this.#map(o as Record<string, unknown>, depth) : this.#value(json, depth, false);
      }
    }
    if (!plain) {
      const primitive = unwrapPrimitive(o);
      if (primitive !== undefined) return this.#value(primitive, depth, false);
      if (o instanceof Map) return this.#entries(o.entries(), depth);
      if (o instanceof Set) return this.#array([...o], depth);
      if (o instanceof Error) return this.#error(o, depth);
    }
    return this.#map(o as Record<string, unknown>, depth);
  }

  #array(a: ArrayLike<unknown>, depth: number): PlainValue[] {
    const length = a.length;
    const out: PlainValue[] = [];
    // Index reads, never map/forEach: holes become null and a sparse array of length 1e7 costs only the budget.
    let i = 0;
    for (; i < length && this.#values < this.#limits.maxValues; i++) out.push(this.#value(a[i], depth + 1, true));
    if (i < length) {
      this.changes.truncated++;
      out.push(omittedItemsMarker(length - i));
    }
    return out;
  }

  #map(o: Record<string, unknown>, depth: number): { [key: string]: PlainValue } {
    // Null prototype: an own "__proto__" key stays an ordinary key, as the exporter's Object.keys sees it.
    const out: { [key: string]: PlainValue } = Object.create(null);
    const keys = Object.keys(o);
    let i = 0;
    for (; i < keys.length && this.#values < this.#limits.maxValues; i++) {
      const k = keys[i]!;
      this.#put(out, k, () => o[k], depth);
    }
    this.#omitted(out, keys.length - i);
    return out;
  }

  #entries(entries: Iterable<[unknown, unknown]>, depth: number): { [key: string]: PlainValue } {
    const out: { [key: string]: PlainValue } = Object.create(null);
    let omitted = 0;
    for (const [k, v] of entries) {
      if (this.#values >= this.#limits.maxValues) omitted++;
      else this.#put(out, typeof k === 'string' ? k : String(k), () => v, depth);
    }
    this.#omitted(out, omitted);
    return out;
  }

  #error(e: Error, depth: number): { [key: string]: PlainValue } {
    const out = this.#map(e as unknown as Record<string, unknown>, depth);
    // name, message and stack are not own enumerable properties, so Object.keys alone would drop them.
    for (const k of ['stack', 'message', 'name'] as const) {
      if (!(k in out)) this.#put(out, k, () => e[k], depth);
    }
    return out;
  }

  /** Reads one property once; a throwing getter spoils only that value. */
  #put(out: { [key: string]: PlainValue }, rawKey: string, read: () => unknown, depth: number): void {
    const key = this.key(rawKey);
    if (Object.hasOwn(out, key)) {
      this.changes.duplicateKeys++;
      return;
    }
    let v: unknown;
    try {
      v = read();
    } catch {
      this.#values++;
      this.changes.unreadable++;
      out[key] = UNREADABLE_MARKER;
      return;
    }
    out[key] = this.#value(v, depth + 1, true);
  }

  #omitted(out: { [key: string]: PlainValue }, count: number): void {
    if (count <= 0) return;
    this.changes.truncated++;
    out[OMITTED_KEYS_KEY] = count;
  }

  /** Uint8Array and Buffer stay bytes (copied); other typed arrays become arrays of numbers; DataView bytes. */
  #view(v: ArrayBufferView, depth: number): PlainValue {
    if (v instanceof Uint8Array || v instanceof DataView) {
      return this.#bytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
    if (depth >= this.#limits.maxDepth) {
      this.changes.truncated++;
      return DEPTH_MARKER;
    }
    return this.#array(v as unknown as ArrayLike<number | bigint>, depth);
  }

  #bytes(b: Uint8Array): Uint8Array | string {
    const room = Math.min(this.#limits.maxStringLength, Math.max(0, this.#limits.maxTotalLength - this.#length));
    if (b.byteLength > room) {
      // Bytes cannot carry a marker, so a cut byte array becomes a marker string instead of silently shorter bytes.
      this.changes.truncated++;
      return cutLengthMarker(b.byteLength);
    }
    this.#length += b.byteLength;
    return b.slice();
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/**
 * The primitive inside a `String`, `Number`, `Boolean` or `BigInt` object, else undefined. The tag is only a cheap
 * hint (it can be spoofed); `valueOf` checks the internal slot and throws on anything else, Proxies included.
 */
function unwrapPrimitive(o: object): string | number | boolean | bigint | undefined {
  const unwrap = PRIMITIVE_VALUE_OF.get(Object.prototype.toString.call(o));
  if (unwrap === undefined) return undefined;
  try {
    return unwrap.call(o) as string | number | boolean | bigint;
  } catch {
    return undefined;
  }
}

const PRIMITIVE_VALUE_OF: ReadonlyMap<string, (this: unknown) => unknown> = new Map<string, (this: unknown) => unknown>(
  [
    ['[object String]', String.prototype.valueOf],
    ['[object Number]', Number.prototype.valueOf],
    ['[object Boolean]', Boolean.prototype.valueOf],
    ['[object BigInt]', BigInt.prototype.valueOf],
  ],
);
