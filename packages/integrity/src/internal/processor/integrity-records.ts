/**
 * Records the processor writes itself (genesis, resource snapshots, checkpoints): plain objects shaped like the SDK's
 * `ReadableLogRecord`, since `LogRecordImpl` is not exported. They carry the provider's real `Resource` (the batch
 * processor waits on its async attributes before export) and a fixed instrumentation scope.
 */
import type { ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { INTEGRITY_SCOPE_NAME, INTEGRITY_SCOPE_VERSION } from '../../records/event-names.js';

/** Severity INFO. */
const SEVERITY_INFO = 9;
/** One shared scope object: exporters group records by scope identity. */
const INTEGRITY_SCOPE = Object.freeze({ name: INTEGRITY_SCOPE_NAME, version: INTEGRITY_SCOPE_VERSION });

/** Fields of an integrity record. */
export interface IntegrityRecordFields {
  readonly resource: ReadWriteLogRecord['resource'];
  readonly eventName: string;
  readonly body: string;
  readonly attributes: Record<string, string | number>;
}

function nowHrTime(): [number, number] {
  const ms = Date.now();
  return [Math.floor(ms / 1000), (ms % 1000) * 1_000_000];
}

/**
 * Builds a finished, read-only integrity record. Setters exist for type compatibility and do nothing (the record is
 * complete when built, like an SDK record after `onEmit`).
 */
export function buildIntegrityRecord(fields: IntegrityRecordFields): ReadWriteLogRecord {
  const hr = nowHrTime();
  const record = {
    resource: fields.resource,
    instrumentationScope: INTEGRITY_SCOPE,
    hrTime: hr,
    hrTimeObserved: hr,
    spanContext: undefined,
    severityNumber: SEVERITY_INFO,
    severityText: 'INFO',
    eventName: fields.eventName,
    body: fields.body,
    attributes: Object.freeze({ ...fields.attributes }),
    droppedAttributesCount: 0,
    setAttribute: () => record,
    setAttributes: () => record,
    setBody: () => record,
    setEventName: () => record,
    setSeverityNumber: () => record,
    setSeverityText: () => record,
  };
  return record as unknown as ReadWriteLogRecord;
}
