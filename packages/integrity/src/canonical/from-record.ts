/**
 * OLCF-1 from a JS log record (the shape of the SDK's `ReadWriteLogRecord`, as plain values; no OTel import).
 * JS values are classified exactly as the OTLP exporters will encode them (docs/spec/olcf-1.md, "Producing OLCF-1
 * from JavaScript values"), so the verifier, reading the exported OTLP, computes the same bytes.
 */
import { canonicalHexId, doubleToHex, integerNumberToDecimal, isInt64Number, wellFormed } from './scalars.js';
import {
  type CanonicalAnyValue,
  type CanonicalForm,
  CanonicalizationError,
  type CanonicalPairs,
  EMPTY_VALUE,
  OLCF1_MAX_DEPTH,
  OLCF1_MAX_VALUES,
  OLCF1_RESOURCE_TAG,
  recordTupleText,
  seqToDecimal,
  sortPairs,
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

function optionalString(v: unknown, st: WalkState): string {
  return typeof v === 'string' ? wellFormed(v, st) : '';
}

/**
 * OLCF-1 canonical form of a JS log record (docs/spec/olcf-1.md). Never throws: a record that cannot be
 * canonicalized (cycle, depth > 128, duplicate key after surrogate normalization, too many values, invalid field)
 * yields the `["olcf1-unverifiable", streamId, seq, reason]` text with `ok: false`.
 *
 * @example
 * const form = canonicalizeLogRecord(record, { streamId, seq: 1, resourceDigest: resourceDigest(attrs) });
 * const d = recordDigest(form.text);
 */
export function canonicalizeLogRecord(record: LogRecordLike, seal: SealContext): CanonicalForm {
  const seq = seqToDecimal(seal.seq) ?? '0';
  const st = newState();
  try {
    const scope = record.instrumentationScope;
    const span = record.spanContext;
    const text = recordTupleText({
      streamId: seal.streamId,
      seq,
      resourceDigest: seal.resourceDigest,
      scopeName: optionalString(scope?.name, st),
      scopeVersion: optionalString(scope?.version, st),
      scopeSchemaUrl: optionalString(scope?.schemaUrl, st),
      scopeAttrs: scope?.attributes ? encodeMap(scope.attributes, 0, st, undefined) : [],
      timeUnixNano: hrTimeToDecimal(record.hrTime),
      observedTimeUnixNano: hrTimeToDecimal(record.hrTimeObserved),
      severityNumber: severityToDecimal(record.severityNumber),
      severityText: optionalString(record.severityText, st),
      eventName: optionalString(record.eventName, st),
      body: encodeValue(record.body, 0, st),
      attrs: record.attributes ? encodeMap(record.attributes, 0, st, seal.excludeAttributes) : [],
      droppedAttributesCount: unsignedToDecimal(record.droppedAttributesCount),
      traceId: span ? canonicalHexId(span.traceId, 32) : '',
      spanId: span ? canonicalHexId(span.spanId, 16) : '',
      flags: span ? unsignedToDecimal(span.traceFlags) : '0',
    });
    return { ok: true, text, loneSurrogates: st.loneSurrogates };
  } catch (err) {
    const reason = err instanceof CanonicalizationError ? err.reason : 'internal-error';
    const message = err instanceof CanonicalizationError ? err.message : 'unexpected error while canonicalizing';
    return {
      ok: false,
      text: unverifiableText(seal.streamId, seq, reason),
      reason,
      message,
      loneSurrogates: st.loneSurrogates,
    };
  }
}
