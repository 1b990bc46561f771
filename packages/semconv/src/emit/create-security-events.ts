import { type Logger, type LoggerProvider, logs } from '@opentelemetry/api';
import { catalog } from '../catalog/index.js';
import type { SecurityEventAttributesByName, SecurityEventBuilders } from '../generated/event-types.js';
import type { SecurityEventName } from '../generated/names.js';
import { attributeNameByCamel } from './catalog-index.js';
import { defaultConformanceMode, type EmitSettings, emitChecked } from './emit-security-event.js';
import type { ConformanceMode, SecurityEventEmitOptions, SecurityEventEmitResult } from './types.js';

/** Options of {@link createSecurityEvents}. */
export interface SecurityEventsOptions {
  /** Conformance mode; default {@link defaultConformanceMode} (`strict` under NODE_ENV development/test, else `safe`). */
  readonly mode?: ConformanceMode;
  /** Add a monotonic `security_event.sequence` per instance (gap detection). Default false. */
  readonly sequence?: boolean;
}

/** Typed builders plus a generic `emit`, bound to one security-event logger. */
export interface SecurityEvents extends SecurityEventBuilders {
  /** Emits any catalog event with OTel attribute names (same as `emitSecurityEvent` on this logger). */
  emit<N extends SecurityEventName>(
    eventName: N,
    attributes: SecurityEventAttributesByName[N],
    options?: SecurityEventEmitOptions,
  ): SecurityEventEmitResult;
  /** The logger events are emitted on. */
  readonly logger: Logger;
  /** The effective conformance mode. */
  readonly mode: ConformanceMode;
}

/**
 * The logger for security events: instrumentation scope `@seclog/semconv` with the catalog version and `schema_url`,
 * so collectors can route these records (to the SIEM, exempt from sampling). Uses the global provider by default.
 */
export function getSecurityEventLogger(provider: LoggerProvider = logs.getLoggerProvider()): Logger {
  return provider.getLogger(catalog.scopeName, catalog.version, { schemaUrl: catalog.schemaUrl });
}

function isLoggerProvider(value: Logger | LoggerProvider): value is LoggerProvider {
  return typeof (value as Partial<LoggerProvider>).getLogger === 'function';
}

/** Builder input key (camelCase) → OTel attribute name. Unknown keys are kept so validation reports them. */
function attributeNameOf(key: string): string {
  return attributeNameByCamel.get(key) ?? key;
}

/**
 * Creates the typed security-event API. Pass a `LoggerProvider` (events go to its `@seclog/semconv` scope), a
 * `Logger` you scoped yourself, or nothing (the global provider).
 *
 * Builder names are the event name without `security_event.`, camelCased (`authentication.login` →
 * `authenticationLogin`); input keys are attribute names without `security_event.`, camelCased over `.` and `_`
 * (`security_event.auth.mfa.used` → `authMfaUsed`, `user.id` → `userId`, `error.type` → `errorType`).
 *
 * @example
 * ```ts
 * const security = createSecurityEvents(loggerProvider);
 * security.authenticationLogin({
 *   outcome: 'failure',
 *   errorType: 'invalid_credentials',
 *   actorType: 'anonymous',
 *   userName: 'alice@example.com',
 *   authMethod: 'password',
 *   clientAddress: '203.0.113.5',
 * });
 * ```
 */
export function createSecurityEvents(
  source: Logger | LoggerProvider = logs.getLoggerProvider(),
  options: SecurityEventsOptions = {},
): SecurityEvents {
  const logger = isLoggerProvider(source) ? getSecurityEventLogger(source) : source;
  let sequence = 0;
  const settings: EmitSettings = {
    mode: options.mode ?? defaultConformanceMode(),
    ...(options.sequence ? { nextSequence: () => ++sequence } : {}),
  };
  const builderSettings: EmitSettings = { ...settings, keyOf: attributeNameOf };
  const api: Record<string, unknown> = {
    logger,
    mode: settings.mode,
    emit: (eventName: string, attributes: Readonly<Record<string, unknown>>, emitOptions?: SecurityEventEmitOptions) =>
      emitChecked(logger, eventName, attributes, emitOptions, settings),
  };
  for (const event of catalog.events) {
    api[event.builder] = (input: Readonly<Record<string, unknown>>, emitOptions?: SecurityEventEmitOptions) =>
      emitChecked(logger, event.name, input, emitOptions, builderSettings);
  }
  return Object.freeze(api) as unknown as SecurityEvents;
}
