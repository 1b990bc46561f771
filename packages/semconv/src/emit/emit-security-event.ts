import type { Logger } from '@opentelemetry/api';
import type { SecurityEventAttributesByName } from '../generated/event-types.js';
import type { SecurityEventName } from '../generated/names.js';
import { defaultSeverity, eventsByName } from './catalog-index.js';
import { looksLikeSecret, MAX_STRING_LENGTH } from './secret-guard.js';
import type { ConformanceMode, SecurityEventEmitOptions, SecurityEventEmitResult } from './types.js';
import { uuidV7 } from './uuid-v7.js';
import { boundValue, type ConformanceIssue, checkSecurityEvent, formatIssues } from './validate.js';

/** Attribute that lists conformance codes on records emitted in `safe` mode. */
export const CONFORMANCE_ERRORS_ATTRIBUTE = 'security_event.conformance.errors';

/** Severity of a record whose event name is not in the catalog (WARN). */
const UNKNOWN_EVENT_SEVERITY = 13;

/** Thrown in `strict` mode when an event does not conform to the catalog. Lists codes only, never values. */
export class SecurityEventValidationError extends Error {
  override readonly name = 'SecurityEventValidationError';
  /** Event name passed by the caller. */
  readonly eventName: string;
  /** Conformance codes, e.g. `missing_required:user.id`. */
  readonly codes: readonly string[];

  constructor(eventName: string, codes: readonly string[]) {
    super(`security event ${eventName.slice(0, 128)} does not conform to the catalog: ${codes.join(', ')}`);
    this.eventName = eventName;
    this.codes = codes;
  }
}

/**
 * The mode used when none is given: `strict` when `NODE_ENV` is `development` or `test` (mistakes surface at the call
 * site), `safe` otherwise — including when `NODE_ENV` is unset, so a production deployment that forgot to set it never
 * loses an event (or a request) to a validation error.
 */
export function defaultConformanceMode(): ConformanceMode {
  const env = globalThis.process?.env?.NODE_ENV;
  return env === 'development' || env === 'test' ? 'strict' : 'safe';
}

/** Internal settings shared by `emitSecurityEvent` and the builders. */
export interface EmitSettings {
  readonly mode: ConformanceMode;
  /** Adds `security_event.sequence` from this counter when set. */
  readonly nextSequence?: () => number;
  /** Maps input keys to attribute names (builders: camelCase → OTel names). */
  readonly keyOf?: (key: string) => string;
}

/** Validates, completes and emits one event. `strict` throws before emitting; `safe` never throws. */
export function emitChecked(
  logger: Logger,
  eventName: string,
  input: Readonly<Record<string, unknown>>,
  options: SecurityEventEmitOptions | undefined,
  settings: EmitSettings,
): SecurityEventEmitResult {
  const strict = settings.mode === 'strict';
  const attributes: Record<string, unknown> = {};
  let uid = '';
  let codes: string[] = [];
  try {
    const event = eventsByName.get(eventName);
    const keyOf = settings.keyOf;
    for (const key in input) {
      const value = input[key];
      if (value !== undefined && Object.hasOwn(input, key)) attributes[keyOf ? keyOf(key) : key] = value;
    }
    if (event) {
      attributes['security_event.category'] ??= event.category;
      if (event.fixed) for (const [name, value] of Object.entries(event.fixed)) attributes[name] ??= value;
    }
    if (typeof attributes['log.record.uid'] !== 'string') attributes['log.record.uid'] = uuidV7();
    uid = attributes['log.record.uid'] as string;
    if (settings.nextSequence && attributes['security_event.sequence'] === undefined) {
      attributes['security_event.sequence'] = settings.nextSequence();
    }

    const report = checkSecurityEvent(eventName, attributes);
    const issues: ConformanceIssue[] = [...report.issues];
    let body = options?.body;
    if (body !== undefined && typeof body !== 'string') {
      issues.push({ code: 'invalid_type', attribute: 'body' });
      body = undefined;
    } else if (body !== undefined && looksLikeSecret(body)) {
      issues.push({ code: 'secret_value', attribute: 'body' });
      body = undefined;
    } else if (body !== undefined && body.length > MAX_STRING_LENGTH) {
      issues.push({ code: 'value_too_long', attribute: 'body' });
      body = body.slice(0, MAX_STRING_LENGTH);
    }
    codes = formatIssues(issues);
    if (strict && codes.length > 0) throw new SecurityEventValidationError(eventName, codes);

    for (const key of report.dropKeys) delete attributes[key];
    for (const key of report.truncateKeys) attributes[key] = boundValue(attributes[key]);
    if (codes.length > 0) attributes[CONFORMANCE_ERRORS_ATTRIBUTE] = codes;

    logger.emit({
      eventName,
      severityNumber: event ? defaultSeverity(event, attributes) : UNKNOWN_EVENT_SEVERITY,
      attributes,
      ...(body !== undefined ? { body } : {}),
      ...(options?.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
      ...(options?.context !== undefined ? { context: options.context } : {}),
    });
  } catch (error) {
    if (strict) throw error;
    // safe mode: the SDK or a processor threw; the app must not fail because of its security log.
    codes = [...codes, 'emit_failed'];
  }
  return { eventName, uid, conformanceErrors: codes };
}

/**
 * Emits one catalog event on `logger` (get a correctly scoped logger with `getSecurityEventLogger`). Fills
 * `security_event.category`, fixed values, `log.record.uid` (UUIDv7) and the default severity; sets the LogRecord
 * `eventName`. Attribute keys are the OTel / catalog names.
 *
 * @example
 * ```ts
 * emitSecurityEvent(getSecurityEventLogger(provider), 'security_event.authentication.login', {
 *   'security_event.outcome': 'failure',
 *   'error.type': 'invalid_credentials',
 *   'security_event.actor.type': 'anonymous',
 *   'security_event.auth.method': 'password',
 *   'client.address': '203.0.113.5',
 * });
 * ```
 */
export function emitSecurityEvent<N extends SecurityEventName>(
  logger: Logger,
  eventName: N,
  attributes: SecurityEventAttributesByName[N],
  options?: SecurityEventEmitOptions & { readonly mode?: ConformanceMode },
): SecurityEventEmitResult {
  const settings = { mode: options?.mode ?? defaultConformanceMode() };
  return emitChecked(logger, eventName, attributes as Readonly<Record<string, unknown>>, options, settings);
}
