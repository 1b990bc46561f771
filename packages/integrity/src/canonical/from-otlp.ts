/**
 * OLCF-1 from OTLP/JSON (proto3 JSON mapping, as written by the JS OTLP/JSON exporter or the collector's file
 * exporter): ints as numbers or strings, bytes as standard or URL-safe base64 with or without padding, hex ids in any
 * case, doubles as numbers or `"NaN"`/`"Infinity"`/`"-Infinity"` (docs/spec/otlp-json-input.md).
 * Input is untrusted parsed JSON, so every field is checked.
 */

import { normalizeBase64, parseDouble, parseInt64, parseUnsigned, wellFormed } from '../internal/canonical/scalars.js';
import {
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
import { integrityAttributeKeys } from './seal-attributes.js';
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
  unverifiableText,
} from './tuple.js';

const UINT64_MAX = 18446744073709551615n;
const UINT32_MAX = 4294967295n;

/** OTLP/JSON `LogRecord` (fields as parsed from JSON; all optional, all checked). */
export interface OtlpLogRecord {
  readonly timeUnixNano?: unknown;
  readonly observedTimeUnixNano?: unknown;
  readonly severityNumber?: unknown;
  readonly severityText?: unknown;
  readonly eventName?: unknown;
  readonly body?: unknown;
  readonly attributes?: unknown;
  readonly droppedAttributesCount?: unknown;
  readonly flags?: unknown;
  readonly traceId?: unknown;
  readonly spanId?: unknown;
}

/** OTLP/JSON `InstrumentationScope`. */
export interface OtlpScope {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly attributes?: unknown;
  readonly droppedAttributesCount?: unknown;
}

/** OTLP/JSON `Resource`. */
export interface OtlpResource {
  readonly attributes?: unknown;
  readonly droppedAttributesCount?: unknown;
}

/** Context for {@link canonicalizeOtlpLogRecord}. */
export interface OtlpSealContext {
  /** Stream id, from {@link readSealAttributes}. */
  readonly streamId: string;
  /** Sequence number, from {@link readSealAttributes}. */
  readonly seq: string | number | bigint;
  /** Base64 resource digest the record is checked against (usually the stream's signed resource snapshot). */
  readonly resourceDigest: string;
  /** `scopeLogs[].scope`. */
  readonly scope?: OtlpScope;
  /** `scopeLogs[].schemaUrl`. */
  readonly scopeSchemaUrl?: unknown;
  /** Attribute keys left out of slot 14; default: `integrityAttributeKeys(namespace).all`. */
  readonly excludeAttributes?: ReadonlySet<string>;
  /** Integrity attribute namespace (default `seclog.integrity`); used when `excludeAttributes` is not given. */
  readonly namespace?: string;
}

interface WalkState {
  loneSurrogates: number;
  values: number;
}

function invalid(message: string): never {
  throw new CanonicalizationError('invalid-value', message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function encodeAnyValue(v: unknown, depth: number, st: WalkState): CanonicalAnyValue {
  if (++st.values > OLCF1_MAX_VALUES) throw new CanonicalizationError('too-many-values', 'too many values');
  if (v === undefined || v === null) return EMPTY_VALUE;
  if (!isObject(v)) invalid('AnyValue is not an object');
  let result: CanonicalAnyValue | undefined;
  let fields = 0;
  if (v.stringValue !== undefined) {
    fields++;
    if (typeof v.stringValue !== 'string') invalid('stringValue is not a string');
    result = ['s', wellFormed(v.stringValue, st)];
  }
  if (v.boolValue !== undefined) {
    fields++;
    if (typeof v.boolValue !== 'boolean') invalid('boolValue is not a boolean');
    result = ['b', v.boolValue];
  }
  if (v.intValue !== undefined) {
    fields++;
    const dec = parseInt64(v.intValue);
    if (dec === undefined) invalid('intValue is not an int64');
    result = ['i', dec];
  }
  if (v.doubleValue !== undefined) {
    fields++;
    const hex = parseDouble(v.doubleValue);
    if (hex === undefined) invalid('doubleValue is not a double');
    result = ['d', hex];
  }
  if (v.bytesValue !== undefined) {
    fields++;
    const b64 = typeof v.bytesValue === 'string' ? normalizeBase64(v.bytesValue) : undefined;
    if (b64 === undefined) invalid('bytesValue is not base64');
    result = ['y', b64];
  }
  if (v.arrayValue !== undefined) {
    fields++;
    result = ['a', encodeArray(v.arrayValue, depth + 1, st)];
  }
  if (v.kvlistValue !== undefined) {
    fields++;
    if (!isObject(v.kvlistValue)) invalid('kvlistValue is not an object');
    checkDepth(depth + 1);
    result = ['m', encodeKeyValues(v.kvlistValue.values, depth + 1, st, undefined)];
  }
  if (fields > 1) invalid('AnyValue has more than one value field');
  return result ?? EMPTY_VALUE;
}

function checkDepth(depth: number): void {
  if (depth > OLCF1_MAX_DEPTH) throw new CanonicalizationError('depth-exceeded', 'nesting deeper than 128');
}

function encodeArray(arrayValue: unknown, depth: number, st: WalkState): CanonicalAnyValue[] {
  if (!isObject(arrayValue)) invalid('arrayValue is not an object');
  checkDepth(depth);
  const values = arrayValue.values;
  if (values === undefined || values === null) return [];
  if (!Array.isArray(values)) invalid('arrayValue.values is not an array');
  const out: CanonicalAnyValue[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = encodeAnyValue(values[i], depth, st);
  return out;
}

function encodeKeyValues(
  list: unknown,
  depth: number,
  st: WalkState,
  exclude: ReadonlySet<string> | undefined,
): CanonicalPairs {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) invalid('key-value list is not an array');
  const pairs: CanonicalPairs = [];
  for (const kv of list) {
    if (!isObject(kv)) invalid('KeyValue is not an object');
    const key = kv.key ?? '';
    if (typeof key !== 'string') invalid('KeyValue.key is not a string');
    if (exclude?.has(key)) continue;
    pairs.push([wellFormed(key, st), encodeAnyValue(kv.value, depth, st)]);
  }
  return sortPairs(pairs);
}

function unsigned(v: unknown, max: bigint, field: string): string {
  const dec = parseUnsigned(v, max);
  if (dec === undefined) throw new CanonicalizationError('invalid-field', `${field} is not an unsigned integer`);
  return dec;
}

function severity(v: unknown): string {
  if (v === undefined || v === null) return '0';
  const dec = parseInt64(v);
  if (dec === undefined) throw new CanonicalizationError('invalid-field', 'severityNumber is not an integer');
  return dec;
}

/**
 * Canonical sorted pairs of an OTLP/JSON key-value list (resource or scope attributes), for key-by-key comparison
 * with a signed snapshot. Throws {@link CanonicalizationError} on malformed input or duplicate keys.
 */
export function canonicalOtlpPairs(attributes: unknown): CanonicalPairs {
  return encodeKeyValues(attributes, 0, { loneSurrogates: 0, values: 0 }, undefined);
}

/**
 * Canonical text of an OTLP/JSON resource, `["olcf1-resource", pairs, droppedCount]`; its base64 SHA-256
 * (`resourceDigestOfText`) is the resource digest. Throws {@link CanonicalizationError} on malformed input.
 */
export function canonicalOtlpResourceText(resource: OtlpResource | undefined): string {
  const pairs = canonicalOtlpPairs(resource?.attributes);
  return JSON.stringify([
    OLCF1_RESOURCE_TAG,
    pairs,
    unsigned(resource?.droppedAttributesCount, UINT32_MAX, 'droppedAttributesCount'),
  ]);
}

/**
 * OLCF-1 canonical form of an OTLP/JSON log record. Gives the same text as {@link canonicalizeLogRecord} gave for
 * the SDK record that was exported. Never throws: malformed input gives `ok: false` with a reason and the
 * `olcf1-unverifiable` text for that reason (which matches the producer's leaf for cycle-free reasons such as
 * `depth-exceeded` or `duplicate-key`).
 *
 * Written as UTF-8 into a reused buffer in one walk (`writer.ts`), checking fields in the same order as the
 * tagged-array walk of {@link canonicalOtlpPairs}, so the first problem met — and so the reason — is the same.
 */
export function canonicalizeOtlpLogRecord(record: OtlpLogRecord, ctx: OtlpSealContext): CanonicalForm {
  const seq = seqToDecimal(ctx.seq) ?? '0';
  const w = acquireWriter();
  try {
    const exclude = ctx.excludeAttributes ?? integrityAttributeKeys(ctx.namespace).all;
    if (!isObject(record)) invalid('log record is not an object');
    const scope = ctx.scope;
    if (scope !== undefined && !isObject(scope)) invalid('scope is not an object');
    w.bytes(TUPLE_HEAD);
    w.jsonString(ctx.streamId);
    w.byte(COMMA);
    w.quotedAscii(seq);
    w.byte(COMMA);
    w.jsonString(ctx.resourceDigest);
    w.byte(COMMA);
    writeStringOrEmpty(w, scope?.name, 'scope.name');
    w.byte(COMMA);
    writeStringOrEmpty(w, scope?.version, 'scope.version');
    w.byte(COMMA);
    writeStringOrEmpty(w, ctx.scopeSchemaUrl, 'schemaUrl');
    w.byte(COMMA);
    writeKeyValues(w, scope?.attributes, 0, undefined);
    w.byte(COMMA);
    w.quotedAscii(unsigned(record.timeUnixNano, UINT64_MAX, 'timeUnixNano'));
    w.byte(COMMA);
    w.quotedAscii(unsigned(record.observedTimeUnixNano, UINT64_MAX, 'observedTimeUnixNano'));
    w.byte(COMMA);
    w.quotedAscii(severity(record.severityNumber));
    w.byte(COMMA);
    writeStringOrEmpty(w, record.severityText, 'severityText');
    w.byte(COMMA);
    writeStringOrEmpty(w, record.eventName, 'eventName');
    w.byte(COMMA);
    writeAnyValue(w, record.body, 0);
    w.byte(COMMA);
    writeKeyValues(w, record.attributes, 0, exclude);
    w.byte(COMMA);
    w.quotedAscii(unsigned(record.droppedAttributesCount, UINT32_MAX, 'droppedAttributesCount'));
    w.byte(COMMA);
    w.quotedHexId(record.traceId, 32);
    w.byte(COMMA);
    w.quotedHexId(record.spanId, 16);
    w.byte(COMMA);
    w.quotedAscii(unsigned(record.flags, UINT32_MAX, 'flags'));
    w.byte(CLOSE);
    const text = w.text();
    rememberText(w, text);
    return { ok: true, text, loneSurrogates: w.loneSurrogates };
  } catch (err) {
    const reason = err instanceof CanonicalizationError ? err.reason : 'internal-error';
    const message = err instanceof CanonicalizationError ? err.message : 'unexpected error while canonicalizing';
    return {
      ok: false,
      text: unverifiableText(ctx.streamId, seq, reason),
      reason,
      message,
      loneSurrogates: w.loneSurrogates,
    };
  } finally {
    releaseWriter(w);
  }
}

/**
 * Slots 4–7 of the record tuple (scope name, version, schema URL, scope attributes) and the comma after each, as
 * {@link canonicalizeOtlpLogRecord} writes them for records of this scope: for the verifier's fast path, which writes
 * them once per scope. Returns the number of AnyValues written (they count towards each record's limit), or -1 when
 * the scope makes its records unverifiable (the general path then gives the reason).
 */
export function writeOtlpScopeSlots(w: CanonicalWriter, scope: unknown, scopeSchemaUrl: unknown): number {
  const start = w.pos;
  const valuesBefore = w.values;
  try {
    if (scope !== undefined && !isObject(scope)) return -1;
    const s = scope as OtlpScope | undefined;
    writeStringOrEmpty(w, s?.name, 'scope.name');
    w.byte(COMMA);
    writeStringOrEmpty(w, s?.version, 'scope.version');
    w.byte(COMMA);
    writeStringOrEmpty(w, scopeSchemaUrl, 'schemaUrl');
    w.byte(COMMA);
    writeKeyValues(w, s?.attributes, 0, undefined);
    w.byte(COMMA);
    return w.values - valuesBefore;
  } catch {
    w.pos = start;
    return -1;
  } finally {
    w.values = valuesBefore;
  }
}

const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;

/** A string field: absent → `""`, not a string → `invalid-field`. */
function writeStringOrEmpty(w: CanonicalWriter, v: unknown, field: string): void {
  if (v === undefined || v === null) {
    w.bytes(EMPTY_STRING);
    return;
  }
  if (typeof v !== 'string') throw new CanonicalizationError('invalid-field', `${field} is not a string`);
  w.str(v);
}

/**
 * As {@link encodeAnyValue}, written in place. Every value member present is checked and written in the same order;
 * with more than one the value is invalid (the bytes written are then discarded with the whole record).
 */
function writeAnyValue(w: CanonicalWriter, v: unknown, depth: number): void {
  if (++w.values > OLCF1_MAX_VALUES) throw new CanonicalizationError('too-many-values', 'too many values');
  if (v === undefined || v === null) {
    w.bytes(VALUE_EMPTY);
    return;
  }
  if (!isObject(v)) invalid('AnyValue is not an object');
  let fields = 0;
  const stringValue = v.stringValue;
  if (stringValue !== undefined) {
    fields++;
    if (typeof stringValue !== 'string') invalid('stringValue is not a string');
    w.bytes(TAG_S);
    w.str(stringValue);
    w.byte(CLOSE);
  }
  const boolValue = v.boolValue;
  if (boolValue !== undefined) {
    fields++;
    if (typeof boolValue !== 'boolean') invalid('boolValue is not a boolean');
    w.bytes(boolValue ? VALUE_TRUE : VALUE_FALSE);
  }
  const intValue = v.intValue;
  if (intValue !== undefined) {
    fields++;
    const dec = parseInt64(intValue);
    if (dec === undefined) invalid('intValue is not an int64');
    w.bytes(TAG_I);
    w.ascii7(dec);
    w.bytes(QUOTE_CLOSE);
  }
  const doubleValue = v.doubleValue;
  if (doubleValue !== undefined) {
    fields++;
    const hex = parseDouble(doubleValue);
    if (hex === undefined) invalid('doubleValue is not a double');
    w.bytes(TAG_D);
    w.ascii7(hex);
    w.bytes(QUOTE_CLOSE);
  }
  const bytesValue = v.bytesValue;
  if (bytesValue !== undefined) {
    fields++;
    const b64 = typeof bytesValue === 'string' ? normalizeBase64(bytesValue) : undefined;
    if (b64 === undefined) invalid('bytesValue is not base64');
    w.bytes(TAG_Y);
    w.ascii7(b64);
    w.bytes(QUOTE_CLOSE);
  }
  const arrayValue = v.arrayValue;
  if (arrayValue !== undefined) {
    fields++;
    writeArray(w, arrayValue, depth + 1);
  }
  const kvlistValue = v.kvlistValue;
  if (kvlistValue !== undefined) {
    fields++;
    if (!isObject(kvlistValue)) invalid('kvlistValue is not an object');
    checkDepth(depth + 1);
    w.bytes(TAG_M);
    writeKeyValues(w, kvlistValue.values, depth + 1, undefined);
    w.byte(CLOSE);
  }
  if (fields > 1) invalid('AnyValue has more than one value field');
  if (fields === 0) w.bytes(VALUE_EMPTY);
}

/** As {@link encodeArray}: `["a",[…]]`. */
function writeArray(w: CanonicalWriter, arrayValue: unknown, depth: number): void {
  if (!isObject(arrayValue)) invalid('arrayValue is not an object');
  checkDepth(depth);
  const values = arrayValue.values;
  w.bytes(TAG_A);
  if (values !== undefined && values !== null) {
    if (!Array.isArray(values)) invalid('arrayValue.values is not an array');
    for (let i = 0; i < values.length; i++) {
      if (i > 0) w.byte(COMMA);
      writeAnyValue(w, values[i], depth);
    }
  }
  w.byte(CLOSE);
  w.byte(CLOSE);
}

/**
 * As {@link encodeKeyValues}, written in place: pairs are written in list order (values are checked in that order),
 * then put in key order; two equal keys make the record `duplicate-key`.
 */
function writeKeyValues(
  w: CanonicalWriter,
  list: unknown,
  depth: number,
  exclude: ReadonlySet<string> | undefined,
): void {
  if (list === undefined || list === null) {
    w.byte(OPEN);
    w.byte(CLOSE);
    return;
  }
  if (!Array.isArray(list)) invalid('key-value list is not an array');
  const regionStart = w.pos;
  const keys: string[] = [];
  const ends: number[] = [];
  let sorted = true;
  for (const kv of list) {
    if (!isObject(kv)) invalid('KeyValue is not an object');
    const rawKey = kv.key ?? '';
    if (typeof rawKey !== 'string') invalid('KeyValue.key is not a string');
    if (exclude?.has(rawKey)) continue;
    const key = wellFormed(rawKey, w);
    w.byte(keys.length === 0 ? OPEN : COMMA);
    w.byte(OPEN);
    w.str(key);
    w.byte(COMMA);
    writeAnyValue(w, kv.value, depth);
    w.byte(CLOSE);
    if (keys.length > 0 && !(keys[keys.length - 1]! < key)) sorted = false;
    keys.push(key);
    ends.push(w.pos);
  }
  if (keys.length === 0) {
    w.byte(OPEN);
    w.byte(CLOSE);
    return;
  }
  w.byte(CLOSE);
  if (sorted) return;
  // Put the pairs in key order: sort their indices, reject duplicates, then rewrite the region from a copy.
  const n = keys.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  for (let i = 1; i < n; i++) {
    if (keys[order[i]!] === keys[order[i - 1]!]) throw new CanonicalizationError('duplicate-key', 'duplicate map key');
  }
  const region = w.copyOut(regionStart, w.pos);
  // Pair i spans [start, ends[i]) in the region, without its leading `[` or `,`.
  w.pos = regionStart;
  w.byte(OPEN);
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    const start = (i === 0 ? regionStart : ends[i - 1]!) + 1 - regionStart;
    if (j > 0) w.byte(COMMA);
    w.bytes(region.subarray(start, ends[i]! - regionStart));
  }
  w.byte(CLOSE);
}
