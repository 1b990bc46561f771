import { type Context, diag } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { optionReader, SeclogConfigError } from '@seclog/config';
import { LogRecordSnapshotter, type SnapshotLimits } from '@seclog/snapshot';
import { type ClientGeoLookup, geoAttributes } from './client-geo.js';
import { planRecordConformance } from './plan-record-conformance.js';

/**
 * Processor mode.
 * - `safe` (default): tag catalog violations in `security_event.conformance.errors`.
 * - `strict`: also flag attributes that are not in the catalog (`unknown_attribute:<key>`) and report every
 *   non-conformant record through `diag.warn`.
 * Neither mode throws or drops a record.
 */
export type SecurityEventProcessorMode = (typeof MODES)[number];
const MODES = ['safe', 'strict'] as const;

/** Options of {@link SecurityEventProcessor}. */
export interface SecurityEventProcessorOptions {
  /** The processor records are passed to (typically the exporting batch processor, or redaction before it). */
  readonly next: LogRecordProcessor;
  readonly mode?: SecurityEventProcessorMode;
  /**
   * Geo/ASN lookup of `client.address` (optional): fills `geo.*` and `client.as.number` on security events that
   * carry an address and no location yet. Put this processor before redaction (as recommended) so the lookup sees
   * the real address; new-country and impossible-travel rules need the result.
   */
  readonly geo?: ClientGeoLookup;
  /**
   * Limits of the plain-data snapshot taken before the record is checked (see `@seclog/snapshot`); the first seclog
   * processor of a chain takes it, and a later one configured stricter walks it again under its own. Defaults are
   * generous.
   */
  readonly snapshot?: Partial<SnapshotLimits>;
}

const OPTION_FIELDS = [
  'next',
  'mode',
  'geo',
  'snapshot',
] as const satisfies readonly (keyof SecurityEventProcessorOptions)[];

/** A wrong option of {@link SecurityEventProcessor}: names the field, never the value. A `TypeError`. */
export class SecurityEventConfigError extends SeclogConfigError {
  override readonly name = 'SecurityEventConfigError';
}

const read = optionReader('SecurityEventProcessor', SecurityEventConfigError);

/**
 * LogRecordProcessor decorator that makes security events from any source (seclog builders, a pino or winston bridge,
 * hand-written `logger.emit` calls) conform to the catalog. For records whose event name (or `otel.event.name`)
 * starts with `security_event.`, it lifts the name into `eventName`, fills a missing severity, `log.record.uid` and
 * `security_event.category`, removes secret attributes and lists violations in `security_event.conformance.errors`.
 * Other records pass through unchanged, as plain data (see `options.snapshot`). Never drops, never throws.
 *
 * @example
 * ```ts
 * const provider = new LoggerProvider({
 *   processors: [new SecurityEventProcessor({ next: new BatchLogRecordProcessor({ exporter }) })],
 * });
 * ```
 */
export class SecurityEventProcessor implements LogRecordProcessor {
  readonly #next: LogRecordProcessor;
  readonly #strict: boolean;
  readonly #geo: ClientGeoLookup | undefined;
  readonly #snapshots: LogRecordSnapshotter;

  constructor(options: SecurityEventProcessorOptions) {
    if (options === undefined) read.fail('options', 'are required (at least options.next)');
    const o = read.object('options', options, OPTION_FIELDS) as Partial<SecurityEventProcessorOptions>;
    if (typeof o.next?.onEmit !== 'function') read.fail('options.next', 'must be a LogRecordProcessor');
    this.#next = o.next as LogRecordProcessor;
    this.#strict = read.oneOf('options.mode', o.mode, MODES, 'safe') === 'strict';
    this.#geo = read.optionalFunction<ClientGeoLookup>('options.geo', o.geo);
    this.#snapshots = new LogRecordSnapshotter(o.snapshot, 'options.snapshot', read);
  }

  onEmit(logRecord: ReadWriteLogRecord, context?: Context): void {
    // The check reads the event name, severity and attributes: it must see the values the rest of the chain seals and
    // the exporter writes. An event name given as a `String` object or `{ toString }` becomes its text here, before
    // the check, not after it (as a security event name nothing checked). Never throws.
    this.#snapshots.take(logRecord);
    try {
      this.#conform(logRecord);
    } catch {
      // Fail closed on our own bug: flag the record rather than pass it unmarked; never break logger.emit().
      try {
        logRecord.setAttribute('security_event.conformance.errors', ['processor_error']);
      } catch {
        // The record is unusable; still hand it on below.
      }
    }
    try {
      this.#next.onEmit(logRecord, context);
    } catch (error) {
      diag.error('SecurityEventProcessor: next processor threw in onEmit', error);
    }
  }

  forceFlush(): Promise<void> {
    return this.#next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.#next.shutdown();
  }

  #conform(record: ReadWriteLogRecord): void {
    const plan = planRecordConformance(
      { eventName: record.eventName, severityNumber: record.severityNumber, attributes: record.attributes },
      { reportUnknownAttributes: this.#strict },
    );
    if (!plan) return;
    // Security events only (a plan exists); geoAttributes writes well-formed catalog attributes, never overwrites.
    if (this.#geo) writeAttributes(record, geoAttributes(record.attributes, this.#geo));
    if (plan.eventName !== undefined) record.setEventName(plan.eventName);
    if (plan.severityNumber !== undefined) record.setSeverityNumber(plan.severityNumber);
    // No removal API in the SDK: delete from the (mutable) attributes object.
    for (const key of plan.dropKeys) delete (record.attributes as Record<string, unknown>)[key];
    writeAttributes(record, plan.setAttributes);
    if (this.#strict && plan.codes.length > 0) {
      diag.warn(
        `SecurityEventProcessor: ${plan.eventName ?? record.eventName} does not conform: ${plan.codes.join(', ')}`,
      );
    }
  }
}

/**
 * Writes attributes into the record's (mutable) attributes object directly. The SDK's `setAttribute` drops a new key
 * once a record has 128 attributes (its count limit) and counts it as dropped by the application: a security event
 * near the limit would lose its `log.record.uid` or its `security_event.conformance.errors` tag. The worker pipeline's
 * records have no such limit; written directly, both pipelines seal the same record.
 */
function writeAttributes(record: ReadWriteLogRecord, attributes: Readonly<Record<string, unknown>>): void {
  const target = record.attributes as Record<string, unknown>;
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) target[key] = value;
}
