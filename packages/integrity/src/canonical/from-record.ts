/**
 * OLCF-1 from a JS log record (the shape of the SDK's `ReadWriteLogRecord`, as plain values; no OTel import).
 * JS values are classified exactly as the OTLP exporters will encode them (docs/spec/olcf-1.md, "Producing OLCF-1
 * from JavaScript values"), so the verifier, reading the exported OTLP, computes the same bytes.
 */
import { doubleToHex, integerNumberToDecimal, isInt64Number, wellFormed } from '../internal/canonical/scalars.js';
import {
  EMPTY_LIST,
  EMPTY_STRING,
  QUOTE_CLOSE,
  TAG_A,
  TAG_D,
  TAG_I,
  TAG_M,
  TAG_S,
  TAG_Y,
  TUPLE_HEAD,
  VALUE_EMPTY,
  VALUE_FALSE,
  VALUE_TRUE,
} from '../internal/canonical/tuple-tokens.js';
import { acquireWriter, type CanonicalWriter, releaseWriter, rememberText } from '../internal/canonical/writer.js';
import {
  type CanonicalAnyValue,
  type CanonicalForm,
  CanonicalizationError,
  type CanonicalPairs,
  EMPTY_VALUE,
  OLCF1_MAX_DEPTH,
  OLCF1_MAX_VALUES,
  OLCF1_RESOURCE_TAG,
  seqToDecimal,
  sortPairs,
  type UnverifiableReason,
  unverifiableText,
} from './tuple.js';

/** Instrumentation scope as the SDK exposes it on a record. */
export interface ScopeLike {
  readonly name?: string;
  readonly version?: string;
  readonly schemaUrl?: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** Span context fields used by OLCF-1. */
export interface SpanContextLike {
  readonly traceId?: string;
  readonly spanId?: string;
  readonly traceFlags?: number;
}

/** The readable fields of an SDK log record (`ReadableLogRecord` minus `resource`, which enters as a digest). */
export interface LogRecordLike {
  readonly hrTime?: readonly [number, number];
  readonly hrTimeObserved?: readonly [number, number];
  readonly severityNumber?: number;
  readonly severityText?: string;
  readonly eventName?: string;
  readonly body?: unknown;
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly droppedAttributesCount?: number;
  readonly spanContext?: SpanContextLike;
  readonly instrumentationScope?: ScopeLike;
}

/** What the integrity processor adds to a record's canonical form. */
export interface SealContext {
  /** Stream id (slot 1). */
  readonly streamId: string;
  /** Sequence number (slot 2). */
  readonly seq: number | bigint | string;
  /** Base64 resource digest (slot 3), from {@link resourceDigest}. */
  readonly resourceDigest: string;
  /** Attribute keys left out of slot 14: the producer's own integrity attributes (`<ns>.stream`, `<ns>.seq`, …). */
  readonly excludeAttributes?: ReadonlySet<string>;
}

interface WalkState {
  loneSurrogates: number;
  values: number;
  ancestors: Set<object> | undefined;
}

function newState(): WalkState {
  return { loneSurrogates: 0, values: 0, ancestors: undefined };
}

/**
 * Canonical AnyValue of a JS value, mirroring the OTLP exporters: integer-valued numbers within int64 → `"i"`
 * (so `1.0` → `["i","1"]`, `-0` → `["i","0"]`), other numbers → `"d"` (integers outside int64 go out as doubles, as
 * the protobuf exporter sends them); `Uint8Array` → `"y"`; arrays → `"a"`; any other non-null object → `"m"` over its
 * own enumerable string keys; `bigint`, `null`, `undefined`, functions, symbols → `["e"]`.
 */
function encodeValue(v: unknown, depth: number, st: WalkState): CanonicalAnyValue {
  if (++st.values > OLCF1_MAX_VALUES) throw new CanonicalizationError('too-many-values', 'too many values');
  switch (typeof v) {
    case 'string':
      return ['s', wellFormed(v, st)];
    case 'number':
      return Number.isInteger(v) && isInt64Number(v) ? ['i', integerNumberToDecimal(v)] : ['d', doubleToHex(v)];
    case 'boolean':
      return ['b', v];
    case 'object':
      if (v === null) return EMPTY_VALUE;
      if (v instanceof Uint8Array) return ['y', Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')];
      return encodeContainer(v, depth + 1, st);
    default:
      return EMPTY_VALUE;
  }
}

function encodeContainer(v: object, depth: number, st: WalkState): CanonicalAnyValue {
  const ancestors = st.ancestors ?? new Set<object>();
  st.ancestors = ancestors;
  if (ancestors.has(v)) throw new CanonicalizationError('cycle', 'cyclic value');
  if (depth > OLCF1_MAX_DEPTH) throw new CanonicalizationError('depth-exceeded', 'nesting deeper than 128');
  ancestors.add(v);
  let out: CanonicalAnyValue;
  if (Array.isArray(v)) {
    const items: CanonicalAnyValue[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) items[i] = encodeValue(v[i], depth, st);
    out = ['a', items];
  } else {
    out = ['m', encodeMap(v as Record<string, unknown>, depth, st, undefined)];
  }
  ancestors.delete(v);
  return out;
}

function encodeMap(
  obj: Readonly<Record<string, unknown>>,
  depth: number,
  st: WalkState,
  exclude: ReadonlySet<string> | undefined,
): CanonicalPairs {
  const keys = Object.keys(obj);
  let wellFormedKeys = true;
  for (let i = 0; i < keys.length; i++) {
    if (!(keys[i] as unknown as { isWellFormed(): boolean }).isWellFormed()) wellFormedKeys = false;
  }
  if (wellFormedKeys) {
    // Native sort without a comparator orders strings by UTF-16 code units, the canonical order; object keys are
    // unique, so no duplicate check is needed on this path.
    keys.sort();
    const pairs: CanonicalPairs = [];
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (exclude?.has(k)) continue;
      pairs.push([k, encodeValue(obj[k], depth, st)]);
    }
    return pairs;
  }
  // Lone surrogates in keys: normalize first (two keys may collide), then sort and check for duplicates.
  const pairs: CanonicalPairs = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (exclude?.has(k)) continue;
    pairs.push([wellFormed(k, st), encodeValue(obj[k], depth, st)]);
  }
  return sortPairs(pairs);
}

/** Canonical AnyValue of a JS value (exported for tests and vectors). Throws {@link CanonicalizationError}. */
export function canonicalAnyValue(v: unknown): CanonicalAnyValue {
  return encodeValue(v, 0, newState());
}

/** Canonical sorted pairs of a JS attribute map. Throws {@link CanonicalizationError}. */
export function canonicalPairs(attributes: Readonly<Record<string, unknown>>): CanonicalPairs {
  return encodeMap(attributes, 0, newState(), undefined);
}

/**
 * Canonical text of a resource: `["olcf1-resource", sortedPairs, droppedCount]` (docs/spec/olcf-1.md).
 * Throws {@link CanonicalizationError} when an attribute value cannot be canonicalized.
 */
export function canonicalResourceText(
  attributes: Readonly<Record<string, unknown>>,
  droppedAttributesCount = 0,
): string {
  const st = newState();
  return JSON.stringify([
    OLCF1_RESOURCE_TAG,
    encodeMap(attributes, 0, st, undefined),
    unsignedToDecimal(droppedAttributesCount),
  ]);
}

const UINT64_MAX = 18446744073709551615n;
const UINT32_MAX = 4294967295;
/** Largest whole second whose nanosecond timestamp always fits uint64 (the fast path needs no range check). */
const MAX_FAST_SECONDS = 18446744072;

/**
 * `hrTime` → decimal nanoseconds, computed as the OTLP transformer does (`trunc(s) * 1e9 + trunc(ns)`). The result
 * must fit the OTLP field (uint64): a negative or larger time is `invalid-field`, as a verifier reading the export
 * finds it, so both sides seal the same unverifiable leaf.
 */
function hrTimeToDecimal(h: readonly [number, number] | undefined): string {
  if (h === undefined || h === null) return '0';
  const [s, ns] = h;
  if (Number.isSafeInteger(s) && s > 0 && s <= MAX_FAST_SECONDS && Number.isSafeInteger(ns) && ns >= 0 && ns < 1e9) {
    return `${s}${String(ns).padStart(9, '0')}`;
  }
  if (!Number.isFinite(s) || !Number.isFinite(ns)) throw new CanonicalizationError('invalid-field', 'invalid hrTime');
  const nanos = BigInt(Math.trunc(s)) * 1_000_000_000n + BigInt(Math.trunc(ns));
  if (nanos < 0n || nanos > UINT64_MAX) throw new CanonicalizationError('invalid-field', 'hrTime outside uint64');
  return nanos.toString();
}

/** `droppedAttributesCount` and `flags` are uint32 in OTLP: a value outside it is `invalid-field` (as on export). */
function unsignedToDecimal(v: number | undefined): string {
  if (v === undefined || v === null) return '0';
  if (!Number.isInteger(v) || v < 0 || v > UINT32_MAX) {
    throw new CanonicalizationError('invalid-field', 'invalid count or flags');
  }
  return integerNumberToDecimal(v);
}

function severityToDecimal(v: number | undefined): string {
  if (v === undefined || v === null) return '0';
  if (!Number.isInteger(v) || !isInt64Number(v))
    throw new CanonicalizationError('invalid-field', 'invalid severityNumber');
  return integerNumberToDecimal(v);
}

/**
 * OLCF-1 canonical form of a JS log record (docs/spec/olcf-1.md). Never throws: a record that cannot be
 * canonicalized (cycle, depth > 128, duplicate key after surrogate normalization, too many values, invalid field)
 * yields the `["olcf1-unverifiable", streamId, seq, reason]` text with `ok: false`.
 *
 * The text is written as UTF-8 bytes into a reused buffer in one walk (`writer.ts`) and read back as one flat
 * string; {@link canonicalAnyValue} and {@link canonicalPairs} build the same values as tagged arrays, and a
 * property test holds the two to the same bytes.
 *
 * @example
 * const form = canonicalizeLogRecord(record, { streamId, seq: 1, resourceDigest: resourceDigest(attrs) });
 * const d = recordDigest(form.text);
 */
export function canonicalizeLogRecord(record: LogRecordLike, seal: SealContext): CanonicalForm {
  const seq = seqToDecimal(seal.seq) ?? '0';
  const w = acquireWriter();
  try {
    writeRecordTuple(w, record, seal, seq);
    const text = w.text();
    rememberText(w, text);
    return { ok: true, text, loneSurrogates: w.loneSurrogates };
  } catch (err) {
    let reason: UnverifiableReason = err instanceof CanonicalizationError ? err.reason : 'internal-error';
    let message = err instanceof CanonicalizationError ? err.message : 'unexpected error while canonicalizing';
    // Cycles are found lazily: any failure inside a container that is its own ancestor is the cycle (the
    // tagged-array walk stops at the first re-entry, and everything after it happens inside that container).
    if (hasRepeat(w.stack)) {
      reason = 'cycle';
      message = 'cyclic value';
    }
    return {
      ok: false,
      text: unverifiableText(seal.streamId, seq, reason),
      reason,
      message,
      loneSurrogates: w.loneSurrogates,
    };
  } finally {
    releaseWriter(w);
  }
}

function hasRepeat(stack: readonly object[]): boolean {
  for (let i = 1; i < stack.length; i++) {
    const v = stack[i];
    for (let j = 0; j < i; j++) if (stack[j] === v) return true;
  }
  return false;
}

// Pre-encoded punctuation (the tags are in tuple-tokens.ts).
const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const QUOTE = 0x22;

function writeRecordTuple(w: CanonicalWriter, record: LogRecordLike, seal: SealContext, seq: string): void {
  const scope = record.instrumentationScope;
  const span = record.spanContext;
  w.bytes(TUPLE_HEAD);
  w.jsonString(seal.streamId);
  w.byte(COMMA);
  w.quotedAscii(seq);
  w.byte(COMMA);
  w.jsonString(seal.resourceDigest);
  w.byte(COMMA);
  writeOptionalString(w, scope?.name);
  w.byte(COMMA);
  writeOptionalString(w, scope?.version);
  w.byte(COMMA);
  writeOptionalString(w, scope?.schemaUrl);
  w.byte(COMMA);
  if (scope?.attributes) writeMap(w, scope.attributes, 0, undefined);
  else w.bytes(EMPTY_LIST);
  w.byte(COMMA);
  writeHrTime(w, record.hrTime);
  w.byte(COMMA);
  writeHrTime(w, record.hrTimeObserved);
  w.byte(COMMA);
  w.quotedAscii(severityToDecimal(record.severityNumber));
  w.byte(COMMA);
  writeOptionalString(w, record.severityText);
  w.byte(COMMA);
  writeOptionalString(w, record.eventName);
  w.byte(COMMA);
  writeValue(w, record.body, 0);
  w.byte(COMMA);
  if (record.attributes) writeMap(w, record.attributes, 0, seal.excludeAttributes);
  else w.bytes(EMPTY_LIST);
  w.byte(COMMA);
  w.quotedAscii(unsignedToDecimal(record.droppedAttributesCount));
  w.byte(COMMA);
  w.quotedHexId(span ? span.traceId : undefined, 32);
  w.byte(COMMA);
  w.quotedHexId(span ? span.spanId : undefined, 16);
  w.byte(COMMA);
  w.quotedAscii(span ? unsignedToDecimal(span.traceFlags) : '0');
  w.byte(CLOSE);
}

function writeOptionalString(w: CanonicalWriter, v: unknown): void {
  if (typeof v === 'string') w.str(v);
  else w.bytes(EMPTY_STRING);
}

/** As {@link hrTimeToDecimal}, written in place. */
function writeHrTime(w: CanonicalWriter, h: readonly [number, number] | undefined): void {
  if (h !== undefined && h !== null) {
    const s = h[0];
    const ns = h[1];
    if (Number.isSafeInteger(s) && s > 0 && s <= MAX_FAST_SECONDS && Number.isSafeInteger(ns) && ns >= 0 && ns < 1e9) {
      w.byte(QUOTE);
      w.uint(s);
      w.digits9(ns);
      w.byte(QUOTE);
      return;
    }
  }
  w.quotedAscii(hrTimeToDecimal(h));
}

/** As {@link encodeValue}, written in place. */
function writeValue(w: CanonicalWriter, v: unknown, depth: number): void {
  if (++w.values > OLCF1_MAX_VALUES) throw new CanonicalizationError('too-many-values', 'too many values');
  switch (typeof v) {
    case 'string':
      w.bytes(TAG_S);
      w.str(v);
      w.byte(CLOSE);
      return;
    case 'number':
      if (Number.isInteger(v) && isInt64Number(v)) {
        w.bytes(TAG_I);
        if (v >= 0 && v <= Number.MAX_SAFE_INTEGER) w.uint(v);
        else w.ascii7(integerNumberToDecimal(v));
      } else {
        w.bytes(TAG_D);
        w.doubleHex(v);
      }
      w.bytes(QUOTE_CLOSE);
      return;
    case 'boolean':
      w.bytes(v ? VALUE_TRUE : VALUE_FALSE);
      return;
    case 'object':
      if (v === null) {
        w.bytes(VALUE_EMPTY);
      } else if (v instanceof Uint8Array) {
        w.bytes(TAG_Y);
        w.base64(v);
        w.bytes(QUOTE_CLOSE);
      } else {
        writeContainer(w, v, depth + 1);
      }
      return;
    default:
      w.bytes(VALUE_EMPTY);
  }
}

function writeContainer(w: CanonicalWriter, v: object, depth: number): void {
  const stack = w.stack;
  stack.push(v);
  if (depth > OLCF1_MAX_DEPTH) throw new CanonicalizationError('depth-exceeded', 'nesting deeper than 128');
  if (Array.isArray(v)) {
    w.bytes(TAG_A);
    const n = v.length;
    for (let i = 0; i < n; i++) {
      if (i > 0) w.byte(COMMA);
      writeValue(w, v[i], depth);
    }
    w.byte(CLOSE);
    w.byte(CLOSE);
  } else {
    w.bytes(TAG_M);
    writeMap(w, v as Readonly<Record<string, unknown>>, depth, undefined);
    w.byte(CLOSE);
  }
  stack.pop();
}

/** Keys of this many or fewer are sorted by insertion sort (cheaper than the native sort for attribute maps). */
const INSERTION_SORT_MAX = 24;

/** Sorts strings by UTF-16 code units (`<` on strings), in place. */
function sortKeys(keys: string[]): void {
  const n = keys.length;
  if (n > INSERTION_SORT_MAX) {
    keys.sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const k = keys[i]!;
    let j = i - 1;
    if (!(keys[j]! > k)) continue;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
}

/** As {@link encodeMap}, written in place: the pair array `[[k,v],…]`. */
function writeMap(
  w: CanonicalWriter,
  obj: Readonly<Record<string, unknown>>,
  depth: number,
  exclude: ReadonlySet<string> | undefined,
): void {
  const keys = Object.keys(obj);
  const n = keys.length;
  if (n > 1) {
    const shape = keyShape(keys);
    if (shape !== undefined) {
      if (!shape.ascii) w.ascii = false;
      const sorted = shape.sorted;
      const heads = shape.heads;
      w.byte(OPEN);
      let first = true;
      for (let i = 0; i < n; i++) {
        const k = sorted[i]!;
        if (exclude?.has(k)) continue;
        if (first) first = false;
        else w.byte(COMMA);
        w.bytes(heads[i]!);
        writeValue(w, obj[k], depth);
        w.byte(CLOSE);
      }
      w.byte(CLOSE);
      return;
    }
  }
  for (let i = 0; i < n; i++) {
    if (!(keys[i] as unknown as { isWellFormed(): boolean }).isWellFormed()) {
      writeMapNormalizingKeys(w, obj, keys, depth, exclude);
      return;
    }
  }
  if (n > 1) sortKeys(keys);
  w.byte(OPEN);
  let first = true;
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    if (exclude?.has(k)) continue;
    if (first) first = false;
    else w.byte(COMMA);
    w.byte(OPEN);
    w.str(k);
    w.byte(COMMA);
    writeValue(w, obj[k], depth);
    w.byte(CLOSE);
  }
  w.byte(CLOSE);
}

/**
 * What a map's key list costs once per shape instead of once per record: the keys in canonical order and each pair's
 * head `["key",` already encoded. Attribute maps repeat their key lists record
 * after record (one list per log statement), so sorting and encoding them every time was a fifth of the walk.
 */
interface KeyShape {
  /** The key list as `Object.keys` gave it (insertion order). */
  readonly keys: readonly string[];
  readonly sorted: readonly string[];
  readonly heads: readonly Uint8Array[];
  readonly ascii: boolean;
}

/** Shapes by first key; cleared when full. Only well-formed, short key lists are kept (bounded memory). */
const shapes = new Map<string, KeyShape>();
const MAX_SHAPES = 512;
const MAX_SHAPE_KEYS = 64;
const MAX_SHAPE_KEY_CHARS = 4096;

function keyShape(keys: readonly string[]): KeyShape | undefined {
  const n = keys.length;
  if (n > MAX_SHAPE_KEYS) return undefined;
  const first = keys[0]!;
  const known = shapes.get(first);
  if (known !== undefined && known.keys.length === n) {
    const k = known.keys;
    let i = 1;
    while (i < n && k[i] === keys[i]) i++;
    if (i === n) return known;
  }
  let chars = 0;
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    chars += k.length;
    if (chars > MAX_SHAPE_KEY_CHARS || !(k as unknown as { isWellFormed(): boolean }).isWellFormed()) return undefined;
  }
  const sorted = keys.slice();
  sortKeys(sorted);
  let ascii = true;
  const heads = sorted.map((k) => {
    if (!isAscii(k)) ascii = false;
    return Buffer.from(`[${JSON.stringify(k)},`, 'utf8');
  });
  const shape: KeyShape = { keys: keys.slice(), sorted, heads, ascii };
  if (shapes.size >= MAX_SHAPES) shapes.clear();
  shapes.set(first, shape);
  return shape;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * A map with lone surrogates in its keys, as {@link encodeMap} does it: keys normalized and values written in
 * insertion order, then the pairs put in key order (two keys may now collide: `duplicate-key`).
 */
function writeMapNormalizingKeys(
  w: CanonicalWriter,
  obj: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  depth: number,
  exclude: ReadonlySet<string> | undefined,
): void {
  const pairs: { key: string; start: number; end: number }[] = [];
  const regionStart = w.pos;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (exclude?.has(k)) continue;
    const key = wellFormed(k, w);
    const start = w.pos;
    w.byte(OPEN);
    w.str(key);
    w.byte(COMMA);
    writeValue(w, obj[k], depth);
    w.byte(CLOSE);
    pairs.push({ key, start, end: w.pos });
  }
  pairs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 1; i < pairs.length; i++) {
    if (pairs[i]!.key === pairs[i - 1]!.key) throw new CanonicalizationError('duplicate-key', 'duplicate map key');
  }
  const region = Buffer.from(w.buf.subarray(regionStart, w.pos));
  w.pos = regionStart;
  w.byte(OPEN);
  for (let i = 0; i < pairs.length; i++) {
    if (i > 0) w.byte(COMMA);
    const p = pairs[i]!;
    w.bytes(region.subarray(p.start - regionStart, p.end - regionStart));
  }
  w.byte(CLOSE);
}
