/**
 * The fields of a log record besides body and attributes, made plain data: the SDK keeps the caller's timestamp
 * array and the span's own context object by reference, and passes a non-numeric `severityNumber` through as it was
 * given. Each of them is read here exactly once; a value the exporters cannot carry becomes absent (the severity) or
 * a value the SDK would have chosen (the time), and is counted as unreadable so the record says it is not whole.
 * Nothing here runs the caller's code twice, and nothing throws.
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
  if (severity !== undefined && typeof severity !== 'number') {
    record.setSeverityNumber(undefined as never);
    changes.unreadable++;
  }
  if (fields.spanContext !== undefined) {
    const span = plainSpanContext(fields.spanContext);
    if (span === undefined) changes.unreadable++;
    fields.spanContext = span;
  }
}

/** A fresh `[seconds, nanoseconds]` pair of finite numbers, or undefined when the value is not one. */
function plainTime(t: unknown): HrTime | undefined {
  try {
    if (!Array.isArray(t)) return undefined;
    const s: unknown = t[0];
    const ns: unknown = t[1];
    if (typeof s !== 'number' || typeof ns !== 'number' || !Number.isFinite(s) || !Number.isFinite(ns))
      return undefined;
    return [s, ns];
  } catch {
    return undefined;
  }
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
    if (typeof traceFlags !== 'number' || !Number.isInteger(traceFlags)) return undefined;
    return { traceId, spanId, traceFlags, ...(typeof isRemote === 'boolean' ? { isRemote } : {}) };
  } catch {
    return undefined;
  }
}
