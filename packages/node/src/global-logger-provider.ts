import { type LoggerProvider, logs } from '@opentelemetry/api';
import { type LoggerProvider as LegacyLoggerProvider, logs as legacyLogs } from '@opentelemetry/api-logs';
import { SecureLoggingConfigError, START_SECURE_LOGGING } from './secure-logging-config-error.js';

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
 * sealing, so this throws a `SecureLoggingConfigError` (field `options.registerGlobal`) instead of half-registering;
 * when that provider is an SDK one (NodeSDK), the message shows the `secureLogRecordProcessors` integration.
 */
export function registerGlobalLoggerProvider(provider: LoggerProvider): GlobalRegistration {
  const legacy = provider as unknown as LegacyLoggerProvider;
  const holder = logs.getLoggerProvider();
  if (!logs.setGlobalLoggerProvider(provider)) throw alreadyRegistered(holder, '@opentelemetry/api');
  if (legacyLogs.setGlobalLoggerProvider(legacy) !== legacy) {
    logs.disable();
    throw alreadyRegistered(legacyLogs.getLoggerProvider(), '@opentelemetry/api-logs');
  }
  return {
    unregister() {
      if (logs.getLoggerProvider() === provider) logs.disable();
      if (legacyLogs.getLoggerProvider() === legacy) legacyLogs.disable();
    },
  };
}

/**
 * The refusal, saying what to do. An SDK LoggerProvider in the registry almost always means NodeSDK (`sdk.start()`
 * registers one): seclog then belongs inside it, as its log record processors.
 */
function alreadyRegistered(holder: unknown, registry: string): SecureLoggingConfigError {
  const isSdkProvider =
    typeof holder === 'object' &&
    holder !== null &&
    typeof (holder as { forceFlush?: unknown }).forceFlush === 'function' &&
    // Bundled SDK builds rename the class (`LoggerProvider$1`).
    /^LoggerProvider\b/.test((holder as object).constructor?.name ?? '');
  const problem = isSdkProvider
    ? `cannot be honoured: an OpenTelemetry SDK LoggerProvider is already registered in ${registry}, as NodeSDK's ` +
      "sdk.start() does. With NodeSDK, do not call startSecureLogging; give NodeSDK seclog's processors instead:\n" +
      "  const seclog = secureLogRecordProcessors({ serviceName: 'my-service' });   // from @seclog/node\n" +
      '  new NodeSDK({ logRecordProcessors: seclog, ... }).start();\n' +
      '  seclog.security.authenticationLogin({ ... });\n' +
      'Or pass registerGlobal: false and log through the loggerProvider that startSecureLogging returns'
    : `cannot be honoured: another global LoggerProvider is already registered in ${registry}; logs sent there ` +
      'would bypass redaction and sealing. Shut it down first, or pass registerGlobal: false and log through the ' +
      'returned loggerProvider (with NodeSDK: secureLogRecordProcessors)';
  return new SecureLoggingConfigError(START_SECURE_LOGGING, 'options.registerGlobal', problem);
}
