/**
 * NodeSDK registers its LoggerProvider in `@opentelemetry/api` only. Bridges still on the legacy
 * `@opentelemetry/api-logs` registry (`@opentelemetry/winston-transport` 0.34, used by the auto-instrumentations'
 * winston instrumentation) would then log into a no-op provider: their records would never reach seclog. This bridge
 * points the legacy registry at whatever `@opentelemetry/api` holds, resolved when each logger is asked for (its
 * proxy follows a provider registered later, by `sdk.start()`).
 */
import { type Logger, logs } from '@opentelemetry/api';
import { type LoggerProvider as LegacyLoggerProvider, logs as legacyLogs } from '@opentelemetry/api-logs';

/** A registration of the bridge; `remove()` undoes it if it is still the registered one. */
export interface LegacyLogsBridge {
  /** Whether the bridge was registered (false when another provider already held the legacy registry). */
  readonly registered: boolean;
  remove(): void;
}

/** Registers the bridge in `@opentelemetry/api-logs` unless a provider is already there (then it is left alone). */
export function bridgeLegacyLogsRegistry(): LegacyLogsBridge {
  const bridge: LegacyLoggerProvider = {
    // The SDK 3.x logger is structurally an api-logs Logger (`emit(record)` with the same record fields).
    getLogger: (name, version, options) => logs.getLogger(name, version, options) as Logger as never,
  };
  const registered = legacyLogs.setGlobalLoggerProvider(bridge) === bridge;
  return {
    registered,
    remove() {
      if (registered && legacyLogs.getLoggerProvider() === bridge) legacyLogs.disable();
    },
  };
}
