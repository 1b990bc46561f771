/**
 * The plain security-event record every projection reads, plus the lookups they share: the catalog event, variant
 * resolution, typed attribute reads and the event time.
 */
import { catalog } from '../catalog/index.js';
import type { EventDefinition, Variant } from '../catalog/types.js';
import { ATTR_SECURITY_EVENT_CONFORMANCE_ERRORS } from '../generated/names.js';

/** An attribute value as OTel carries it on a log record (only the shapes the catalog uses). */
export type SecurityAttributeValue = string | number | boolean | readonly string[] | readonly number[];

/**
 * A security event as plain data: what an exporter, a test or a replay tool has in hand. Either `timeUnixNano`
 * (OTLP style, bigint or decimal string or number) or `timestamp` (a `Date`, an ISO 8601 string or epoch milliseconds).
 *
 * @example
 * const record: SecurityEventRecord = {
 *   eventName: 'security_event.authentication.login',
 *   severityNumber: 13,
 *   timestamp: '2026-08-31T10:15:02.123Z',
 *   attributes: { 'security_event.outcome': 'failure', 'error.type': 'invalid_credentials' },
 *   resource: { 'service.name': 'billing-api' },
 * };
 */
export interface SecurityEventRecord {
  readonly eventName: string;
  readonly severityNumber?: number;
  readonly timeUnixNano?: bigint | string | number;
  readonly timestamp?: Date | string | number;
  readonly attributes: Readonly<Record<string, SecurityAttributeValue | null | undefined>>;
  readonly resource?: Readonly<Record<string, SecurityAttributeValue | null | undefined>>;
}

/** Raised when a record cannot be projected (unknown event name, missing or invalid time). */
export class ProjectionError extends Error {
  override readonly name = 'ProjectionError';
}

const eventsByName: ReadonlyMap<string, EventDefinition> = new Map(catalog.events.map((e) => [e.name, e]));

/**
 * The catalog definition of the record's event; throws {@link ProjectionError} for names outside the catalog. A record
 * from a logging bridge without the EventName field is identified by its `otel.event.name` attribute
 * (docs/design/semconv.md#events-on-the-wire).
 */
export function eventDefinitionOf(record: SecurityEventRecord): EventDefinition {
  const name = record.eventName || str(record.attributes, 'otel.event.name') || '';
  const def = eventsByName.get(name);
  if (!def) {
    throw new ProjectionError(`eventName "${name.slice(0, 200)}" is not a catalog security event`);
  }
  return def;
}

/** First variant whose condition holds on the attributes, else the default (catalog rule: first match wins). */
export function resolveVariant<T>(
  base: T,
  variants: readonly Variant<T>[] | undefined,
  attributes: SecurityEventRecord['attributes'],
): T {
  for (const variant of variants ?? []) {
    if (attributes[variant.when.attribute] === variant.when.equals) return variant.use;
  }
  return base;
}

/** A string attribute, or undefined when absent, empty or of another type. */
export function str(bag: SecurityEventRecord['attributes'] | undefined, key: string): string | undefined {
  const v = bag?.[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** An integer attribute, or undefined. */
export function int(bag: SecurityEventRecord['attributes'] | undefined, key: string): number | undefined {
  const v = bag?.[key];
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

/** A boolean attribute, or undefined. */
export function bool(bag: SecurityEventRecord['attributes'] | undefined, key: string): boolean | undefined {
  const v = bag?.[key];
  return typeof v === 'boolean' ? v : undefined;
}

/** Upper bound on array members copied from one attribute (bounded work on every input). */
export const MAX_ARRAY_MEMBERS = 64;

/** A string-array attribute (non-string members dropped, at most {@link MAX_ARRAY_MEMBERS}), or undefined. */
export function strings(bag: SecurityEventRecord['attributes'] | undefined, key: string): string[] | undefined {
  const v = bag?.[key];
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const member of v) {
    if (out.length >= MAX_ARRAY_MEMBERS) break;
    if (typeof member === 'string' && member.length > 0) out.push(member);
  }
  return out.length > 0 ? out : undefined;
}

/** First present string among the keys (attribute priority lists of the mapping tables). */
export function firstStr(
  bag: SecurityEventRecord['attributes'] | undefined,
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    const v = str(bag, key);
    if (v !== undefined) return v;
  }
  return undefined;
}

const NANOS_PER_MILLI = 1_000_000n;
const DECIMAL = /^[0-9]{1,30}$/;

/** Event time in epoch milliseconds; throws {@link ProjectionError} when neither time field is usable. */
export function eventTimeMs(record: SecurityEventRecord): number {
  const { timeUnixNano, timestamp } = record;
  if (typeof timeUnixNano === 'bigint') return Number(timeUnixNano / NANOS_PER_MILLI);
  if (typeof timeUnixNano === 'string' && DECIMAL.test(timeUnixNano)) {
    return Number(BigInt(timeUnixNano) / NANOS_PER_MILLI);
  }
  if (typeof timeUnixNano === 'number' && Number.isFinite(timeUnixNano) && timeUnixNano >= 0) {
    return Math.floor(timeUnixNano / 1e6);
  }
  let ms: number | undefined;
  if (timestamp instanceof Date) ms = timestamp.getTime();
  else if (typeof timestamp === 'string') ms = Date.parse(timestamp);
  else if (typeof timestamp === 'number') ms = timestamp;
  if (ms === undefined || !Number.isFinite(ms)) {
    throw new ProjectionError(`record of ${record.eventName} has no usable timeUnixNano or timestamp`);
  }
  return ms;
}

/** Event time as an ISO 8601 UTC string. */
export function eventTimeIso(record: SecurityEventRecord): string {
  return new Date(eventTimeMs(record)).toISOString();
}

/**
 * Severity of the record: its own `severityNumber`, else the catalog default for the outcome (failure → `fail`,
 * otherwise `ok`), honouring severity variants.
 */
export function severityOf(record: SecurityEventRecord, def: EventDefinition): number {
  if (typeof record.severityNumber === 'number' && record.severityNumber > 0) return record.severityNumber;
  const defaults = resolveVariant(
    { ok: def.severity.ok, fail: def.severity.fail },
    def.severity.variants,
    record.attributes,
  );
  return record.attributes['security_event.outcome'] === 'failure' ? defaults.fail : defaults.ok;
}

/** Appends values to a list without duplicates (order of first appearance kept). */
export function pushUnique(list: string[], ...values: (string | undefined)[]): void {
  for (const v of values) if (v !== undefined && !list.includes(v)) list.push(v);
}

/**
 * Tag the projections add to events flagged non-conforming, so a SIEM user sees that the event failed validation
 * (ECS `tags`, OCSF `metadata.labels`, CIM `tag`).
 */
export const NONCONFORMING_TAG = 'seclog_nonconforming';

/** Whether the record carries conformance errors (set by the emitter / processor in safe mode). */
export function isNonconforming(record: SecurityEventRecord): boolean {
  const v = record.attributes[ATTR_SECURITY_EVENT_CONFORMANCE_ERRORS];
  return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== '';
}
