import { type Context, diag } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { optionReader, SeclogConfigError } from '@seclog/config';
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
}

const OPTION_FIELDS = ['next', 'mode', 'geo'] as const satisfies readonly (keyof SecurityEventProcessorOptions)[];

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
 * Other records pass through untouched. Never drops, never throws.
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

  constructor(options: SecurityEventProcessorOptions) {
    if (options === undefined) read.fail('options', 'are required (at least options.next)');
    const o = read.object('options', options, OPTION_FIELDS) as Partial<SecurityEventProcessorOptions>;
    if (typeof o.next?.onEmit !== 'function') read.fail('options.next', 'must be a LogRecordProcessor');
    this.#next = o.next as LogRecordProcessor;
    this.#strict = read.oneOf('options.mode', o.mode, MODES, 'safe') === 'strict';
    this.#geo = read.optionalFunction<ClientGeoLookup>('options.geo', o.geo);
  }

  onEmit(logRecord: ReadWriteLogRecord, context?: Context): void {
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
    if (this.#geo) record.setAttributes(geoAttributes(record.attributes, this.#geo));
    if (plan.eventName !== undefined) record.setEventName(plan.eventName);
    if (plan.severityNumber !== undefined) record.setSeverityNumber(plan.severityNumber);
    // No removal API in the SDK: delete from the (mutable) attributes object.
    for (const key of plan.dropKeys) delete (record.attributes as Record<string, unknown>)[key];
    record.setAttributes(plan.setAttributes as Parameters<ReadWriteLogRecord['setAttributes']>[0]);
    if (this.#strict && plan.codes.length > 0) {
      diag.warn(
        `SecurityEventProcessor: ${plan.eventName ?? record.eventName} does not conform: ${plan.codes.join(', ')}`,
      );
    }
  }
}
