/**
 * The fields of a log record besides body and attributes, made plain data: the SDK keeps the caller's timestamp
 * array and the span's own context object by reference, and passes a `severityNumber` through as it was given. Each
 * of them is read here exactly once; a value the exporters cannot carry becomes absent (the severity) or a value the
 * SDK would have chosen (the time), and is counted as unreadable so the record says it is not whole.
 *
 * "Can carry" means the OTLP/JSON and protobuf encoders write the same value, which is what the record is sealed
 * over: a severity of 9.5, NaN or 2^40 (JSON writes it, protobuf's varint does not), a time before 1970 or past
 * uint64 nanoseconds (JSON writes a negative or huge decimal, protobuf's fixed64 wraps), trace flags past uint32.
 * Sealed as they were, such records verify as UNVERIFIABLE at best. Nothing here runs the caller's code twice, and
 * nothing throws.
 */
import type { HrTime, SpanContext } from '@opentelemetry/api';
import type { ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { SnapshotChanges } from '../value-snapshotter.js';

type MutableFields = { hrTime: HrTime; hrTimeObserved: HrTime; spanContext?: SpanContext };

/** Replaces the record's time, observed time, severity number and span context with plain copies. */
export function plainRecordFields(record: ReadWriteLogRecord, changes: SnapshotChanges): void {
  const fields = record as unknown as MutableFields;
  const observed = plainTime(fields.hrTimeObserved);
  if (observed === undefined) changes.unreadable++;
  fields.hrTimeObserved = observed ?? nowHrTime();
  const time = plainTime(fields.hrTime);
  if (time === undefined) changes.unreadable++;
  fields.hrTime = time ?? fields.hrTimeObserved;
  const severity: unknown = record.severityNumber;
  if (severity !== undefined && !isInt32(severity)) {
    record.setSeverityNumber(undefined as never);
    changes.unreadable++;
  }
  if (fields.spanContext !== undefined) {
    const span = plainSpanContext(fields.spanContext);
    if (span === undefined) changes.unreadable++;
    fields.spanContext = span;
  }
}

/** The severity number's wire type is an int32 enum: what both encoders write alike. */
function isInt32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= -0x8000_0000 && v <= 0x7fff_ffff;
}

/** Largest whole second whose nanoseconds fit OTLP's uint64 time fields whatever the fraction below it. */
const MAX_SECONDS = 18_446_744_072;
const UINT64_MAX = 2n ** 64n - 1n;
const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * A fresh `[seconds, nanoseconds]` pair in the form every encoder writes alike (whole seconds from 1970, whole
 * nanoseconds below 1e9), or undefined when the value is no time an OTLP record can hold.
 */
function plainTime(t: unknown): HrTime | undefined {
  try {
    if (!Array.isArray(t)) return undefined;
    const s: unknown = t[0];
    const ns: unknown = t[1];
    if (typeof s !== 'number' || typeof ns !== 'number' || !Number.isFinite(s) || !Number.isFinite(ns))
      return undefined;
    if (Number.isInteger(s) && s >= 0 && s <= MAX_SECONDS && Number.isInteger(ns) && ns >= 0 && ns < 1e9) {
      return [s, ns];
    }
    return normalizedTime(s, ns);
  } catch {
    return undefined;
  }
}

/**
 * Any other pair (a caller's own `[s, ns]`: fractions, nanoseconds past a second) as the OTLP/JSON encoder reads it,
 * `trunc(s) * 1e9 + trunc(ns)` nanoseconds, written back as whole seconds and nanoseconds below 1e9 so the protobuf
 * encoder writes the same instant. Before 1970 or past uint64 nanoseconds: undefined.
 */
function normalizedTime(s: number, ns: number): HrTime | undefined {
  const nanos = BigInt(Math.trunc(s)) * NANOS_PER_SECOND + BigInt(Math.trunc(ns));
  if (nanos < 0n || nanos > UINT64_MAX) return undefined;
  return [Number(nanos / NANOS_PER_SECOND), Number(nanos % NANOS_PER_SECOND)];
}

function nowHrTime(): HrTime {
  const ms = Date.now();
  return [Math.floor(ms / 1000), (ms % 1000) * 1e6];
}

/** A plain copy of a span context with ids of the wire shape, or undefined (the record then has none). */
function plainSpanContext(span: SpanContext): SpanContext | undefined {
  try {
    const traceId: unknown = span.traceId;
    const spanId: unknown = span.spanId;
    const traceFlags: unknown = span.traceFlags;
    const isRemote: unknown = span.isRemote;
    if (typeof traceId !== 'string' || !/^[0-9a-f]{32}$/.test(traceId)) return undefined;
    if (typeof spanId !== 'string' || !/^[0-9a-f]{16}$/.test(spanId)) return undefined;
    // OTLP's `flags` is a fixed32 (the W3C flags in its low byte): past it, the encoders disagree.
    if (typeof traceFlags !== 'number' || !Number.isInteger(traceFlags) || traceFlags < 0 || traceFlags > 0xffff_ffff)
      return undefined;
    return { traceId, spanId, traceFlags, ...(typeof isRemote === 'boolean' ? { isRemote } : {}) };
  } catch {
    return undefined;
  }
}
