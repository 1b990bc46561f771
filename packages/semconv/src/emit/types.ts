import type { Context, TimeInput } from '@opentelemetry/api';

/**
 * How catalog violations are handled.
 * - `strict`: the call throws a {@link SecurityEventValidationError} before anything is emitted (dev / test).
 * - `safe`: never throws; the event is emitted with `security_event.conformance.errors` listing the codes, and
 *   secret-looking attributes are dropped (production).
 */
export type ConformanceMode = 'strict' | 'safe';

/** Per-call options of `emitSecurityEvent` and the typed builders. */
export interface SecurityEventEmitOptions {
  /** Optional human-readable message (the LogRecord body). All data belongs in attributes. */
  readonly body?: string;
  /** When the event occurred (defaults to now). */
  readonly timestamp?: TimeInput;
  /** Context for trace correlation (defaults to the active context). */
  readonly context?: Context;
}

/** What an emit call did. */
export interface SecurityEventEmitResult {
  /** Event name set on the LogRecord `eventName`. */
  readonly eventName: string;
  /** `log.record.uid` of the emitted record. */
  readonly uid: string;
  /** Conformance codes attached to the record (empty when conformant). */
  readonly conformanceErrors: readonly string[];
}
