import { type LoggerProvider, logs } from '@opentelemetry/api';
import { type LoggerProvider as LegacyLoggerProvider, logs as legacyLogs } from '@opentelemetry/api-logs';

/** A provider registered in both global logs registries. */
export interface GlobalRegistration {
  /** Removes the provider from both registries (each only if it is still the registered one). */
  unregister(): void;
}

/**
 * Registers one provider in BOTH global registries. `@opentelemetry/api` keeps its logs provider under the shared
 * `opentelemetry.js.api.1` global while `@opentelemetry/api-logs` uses `Symbol.for('io.opentelemetry.js.api.logs')`;
 * bridges still on the legacy package (winston-transport 0.34) would otherwise bypass the secure chain. The SDK 3.x
 * logger is structurally compatible with the api-logs `Logger` (`emit(record)` with the same record fields).
 *
 * Fails closed: when another provider already holds either registry, logs routed there would skip redaction and
 * sealing, so this throws instead of half-registering.
 */
export function registerGlobalLoggerProvider(provider: LoggerProvider): GlobalRegistration {
  const legacy = provider as unknown as LegacyLoggerProvider;
  if (!logs.setGlobalLoggerProvider(provider)) {
    throw new Error(
      'startSecureLogging: another global LoggerProvider is already registered in @opentelemetry/api ' +
        '(e.g. by NodeSDK); shut it down first or pass registerGlobal: false and use the returned loggerProvider',
    );
  }
  if (legacyLogs.setGlobalLoggerProvider(legacy) !== legacy) {
    logs.disable();
    throw new Error(
      'startSecureLogging: another global LoggerProvider is already registered in @opentelemetry/api-logs; ' +
        'bridges such as @opentelemetry/winston-transport would bypass redaction and sealing',
    );
  }
  return {
    unregister() {
      if (logs.getLoggerProvider() === provider) logs.disable();
      if (legacyLogs.getLoggerProvider() === legacy) legacyLogs.disable();
    },
  };
}
