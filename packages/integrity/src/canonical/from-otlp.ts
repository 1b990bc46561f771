/**
 * OLCF-1 from OTLP/JSON (proto3 JSON mapping, as written by the JS OTLP/JSON exporter or the collector's file
 * exporter): ints as numbers or strings, bytes as standard or URL-safe base64 with or without padding, hex ids in any
 * case, doubles as numbers or `"NaN"`/`"Infinity"`/`"-Infinity"` (docs/spec/otlp-json-input.md).
 * Input is untrusted parsed JSON, so every field is checked.
 */

import { canonicalHexId, normalizeBase64, parseDouble, parseInt64, parseUnsigned, wellFormed } from './scalars.js';
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
  recordTupleText,
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

function stringOrEmpty(v: unknown, field: string, st: WalkState): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new CanonicalizationError('invalid-field', `${field} is not a string`);
  return wellFormed(v, st);
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
 */
export function canonicalizeOtlpLogRecord(record: OtlpLogRecord, ctx: OtlpSealContext): CanonicalForm {
  const seq = seqToDecimal(ctx.seq) ?? '0';
  const st: WalkState = { loneSurrogates: 0, values: 0 };
  try {
    const exclude = ctx.excludeAttributes ?? integrityAttributeKeys(ctx.namespace).all;
    if (!isObject(record)) invalid('log record is not an object');
    const scope = ctx.scope;
    if (scope !== undefined && !isObject(scope)) invalid('scope is not an object');
    const text = recordTupleText({
      streamId: ctx.streamId,
      seq,
      resourceDigest: ctx.resourceDigest,
      scopeName: stringOrEmpty(scope?.name, 'scope.name', st),
      scopeVersion: stringOrEmpty(scope?.version, 'scope.version', st),
      scopeSchemaUrl: stringOrEmpty(ctx.scopeSchemaUrl, 'schemaUrl', st),
      scopeAttrs: encodeKeyValues(scope?.attributes, 0, st, undefined),
      timeUnixNano: unsigned(record.timeUnixNano, UINT64_MAX, 'timeUnixNano'),
      observedTimeUnixNano: unsigned(record.observedTimeUnixNano, UINT64_MAX, 'observedTimeUnixNano'),
      severityNumber: severity(record.severityNumber),
      severityText: stringOrEmpty(record.severityText, 'severityText', st),
      eventName: stringOrEmpty(record.eventName, 'eventName', st),
      body: encodeAnyValue(record.body, 0, st),
      attrs: encodeKeyValues(record.attributes, 0, st, exclude),
      droppedAttributesCount: unsigned(record.droppedAttributesCount, UINT32_MAX, 'droppedAttributesCount'),
      traceId: canonicalHexId(record.traceId, 32),
      spanId: canonicalHexId(record.spanId, 16),
      flags: unsigned(record.flags, UINT32_MAX, 'flags'),
    });
    return { ok: true, text, loneSurrogates: st.loneSurrogates };
  } catch (err) {
    const reason = err instanceof CanonicalizationError ? err.reason : 'internal-error';
    const message = err instanceof CanonicalizationError ? err.message : 'unexpected error while canonicalizing';
    return {
      ok: false,
      text: unverifiableText(ctx.streamId, seq, reason),
      reason,
      message,
      loneSurrogates: st.loneSurrogates,
    };
  }
}
