/**
 * Pure core of `SecurityEventProcessor`: decides what to fill and flag on a log record that carries a security event
 * name, from plain values (no OTel imports).
 */
import { defaultSeverity, EVENT_PREFIX, eventsByName } from './catalog-index.js';
import { uuidV7 } from './uuid-v7.js';
import { boundValue, checkSecurityEvent, formatIssues, MAX_ISSUES } from './validate.js';

/** The parts of a log record the plan reads. */
export interface RecordView {
  readonly eventName?: string | undefined;
  readonly severityNumber?: number | undefined;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Changes to apply to a record. Absent fields mean "leave as is". */
export interface RecordPlan {
  /** Event name to set on the record (lifted from `otel.event.name` when the record had none). */
  readonly eventName?: string;
  readonly severityNumber?: number;
  /** Attributes to set (defaults, truncated values, conformance codes). */
  readonly setAttributes: Readonly<Record<string, unknown>>;
  /** Attributes to remove (secrets). */
  readonly dropKeys: readonly string[];
  /** Conformance codes found (empty when conformant). */
  readonly codes: readonly string[];
}

const CONFORMANCE = 'security_event.conformance.errors';

/**
 * Plans the conformance fix-up of one record, or returns `undefined` when the record is not a security event (no
 * `security_event.` event name in `eventName` or `otel.event.name`).
 */
export function planRecordConformance(
  record: RecordView,
  options: { readonly reportUnknownAttributes: boolean },
): RecordPlan | undefined {
  const attributes = record.attributes;
  const bridged = attributes['otel.event.name'];
  const eventName =
    typeof record.eventName === 'string' && record.eventName.startsWith(EVENT_PREFIX)
      ? record.eventName
      : typeof bridged === 'string' && bridged.startsWith(EVENT_PREFIX) && !record.eventName
        ? bridged
        : undefined;
  if (eventName === undefined) return undefined;

  const event = eventsByName.get(eventName);
  const set: Record<string, unknown> = {};
  if (event && attributes['security_event.category'] === undefined) set['security_event.category'] = event.category;
  for (const [name, value] of Object.entries(event?.fixed ?? {})) if (attributes[name] === undefined) set[name] = value;
  if (typeof attributes['log.record.uid'] !== 'string') set['log.record.uid'] = uuidV7();

  const effective = { ...attributes, ...set };
  const report = checkSecurityEvent(eventName, effective, {
    reportUnknownAttributes: options.reportUnknownAttributes,
  });
  const codes = formatIssues(report.issues);
  for (const key of report.truncateKeys) set[key] = boundValue(effective[key]);
  if (codes.length > 0) {
    const previous = Array.isArray(attributes[CONFORMANCE])
      ? (attributes[CONFORMANCE] as unknown[]).slice(0, MAX_ISSUES)
      : [];
    set[CONFORMANCE] = [...new Set([...previous.filter((c): c is string => typeof c === 'string'), ...codes])];
  }
  const missingSeverity = record.severityNumber === undefined || record.severityNumber === 0;
  const severityNumber = missingSeverity ? (event ? defaultSeverity(event, effective) : 13) : undefined;
  return {
    ...(eventName !== record.eventName ? { eventName } : {}),
    ...(severityNumber !== undefined ? { severityNumber } : {}),
    setAttributes: set,
    dropKeys: report.dropKeys,
    codes,
  };
}
