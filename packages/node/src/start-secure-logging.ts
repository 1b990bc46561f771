import { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { DeliveryStats } from '@seclog/integrity';
import type { RedactionStats } from '@seclog/redaction';
import { createSecurityEvents, type SecurityEvents } from '@seclog/semconv';
import { type SafeLoggerProvider, safeLoggerProvider } from '@seclog/snapshot';
import { type GlobalRegistration, registerGlobalLoggerProvider } from './global-logger-provider.js';
import { withConformanceNotices } from './internal/conformance-notices.js';
import { announceEphemeralKeys } from './internal/ephemeral-keys-notice.js';
import { buildSecureChain } from './internal/secure-chain.js';
import { chainOptions, sealingPipeline } from './internal/worker-pipeline/sealing-pipeline.js';
import { installProcessHooks } from './process-hooks.js';
import { START_SECURE_LOGGING } from './secure-logging-config-error.js';
import type { SecureLoggingOptions } from './secure-logging-options.js';
import { validateOptions } from './validate-options.js';

/** What {@link startSecureLogging} returns. */
export interface SecureLogging {
  /**
   * The provider (also registered globally in `@opentelemetry/api` and `@opentelemetry/api-logs`): the SDK provider
   * behind `safeLoggerProvider`, so no hostile attribute value can make `emit()` throw at the application.
   */
  loggerProvider: SafeLoggerProvider;
  /** Typed security-event builders on the `@seclog/semconv` scope. */
  security: SecurityEvents;
  /** SPKI PEM of the checkpoint signing key: give it to `seclog verify --public-key`. */
  publicKeyPem: string;
  /**
   * Development mode (generated signing key): the file the public key was appended to, next to the archive
   * (`<archive>.pub.pem`), so `seclog verify --public-key <it> <archive>` works after the process has exited.
   */
  publicKeyPath?: string;
  /** Human description of the exporter (`file …/app.otlp.jsonl`, `otlp http/protobuf (…)`). */
  exporterDescription: string;
  /** The archive file when the embedded file exporter is in use. */
  archivePath?: string;
  /**
   * Where records and checkpoints that the exporter could not take by shutdown or exit are written (OTLP/JSON lines;
   * give it to `seclog verify` with the archive). Absent for the embedded file exporter, which never leaves any.
   */
  spillPath?: string;
  /** Cumulative redaction counts by `detector:action` (counts and types only, never values). */
  redactionStats(): RedactionStats;
  /** What happened to records on their way out: exported, refused, dropped, undelivered, spilled, queued now. */
  deliveryStats(): DeliveryStats;
  /** Emits a checkpoint and exports everything queued (bounded by `delivery.flushTimeoutMillis`). */
  forceFlush(): Promise<void>;
  /**
   * Final checkpoint (declaring anything undelivered), flush, spill of what is left, then unregisters globals and
   * process hooks. Bounded by `delivery.flushTimeoutMillis` (default 5 s). Idempotent; resolves to the final counts.
   */
  shutdown(): Promise<DeliveryStats>;
}

/**
 * Starts secure logging in one call: resource (redacted), the chain
 * `SecurityEventProcessor → RedactionProcessor → IntegrityProcessor → exporter` (integrity batches and delivers, and
 * declares every record it could not deliver), global registration in both logs registries, and process hooks:
 * flush on SIGTERM/SIGINT, final checkpoint at shutdown, `beforeExit` or `exit` (see `installProcessHooks`).
 *
 * @example
 * ```ts
 * const { security, shutdown } = startSecureLogging({ serviceName: 'shop', serviceVersion: '1.4.2' });
 * security.authenticationLogin({ outcome: 'failure', errorType: 'invalid_credentials', ... });
 * await shutdown();
 * ```
 */
export function startSecureLogging(input: SecureLoggingOptions = {}): SecureLogging {
  const options = validateOptions(input);
  const chain = buildSecureChain(chainOptions(options));
  const pipeline = sealingPipeline(chain, options, START_SECURE_LOGGING);
  const loggerProvider = safeLoggerProvider(
    new LoggerProvider({ resource: chain.resource, processors: [pipeline.processor] }),
  );
  const registration = registerUnlessRefused(loggerProvider, options.registerGlobal !== false);
  const security = withConformanceNotices(
    createSecurityEvents(loggerProvider, { mode: chain.securityEventMode }),
    chain.notice,
  );
  announceEphemeralKeys(chain);

  const deliveryStats = () => pipeline.deliveryStats();
  let shutdownPromise: Promise<DeliveryStats> | undefined;
  let removeHooks = () => {};
  const shutdown = (): Promise<DeliveryStats> => {
    shutdownPromise ??= (async () => {
      try {
        await pipeline.closeFirst();
        await loggerProvider.shutdown();
      } finally {
        registration?.unregister();
        removeHooks();
      }
      return deliveryStats();
    })();
    return shutdownPromise;
  };
  if (options.handleSignals !== false) {
    removeHooks = installProcessHooks({
      flush: () => loggerProvider.forceFlush(),
      shutdown,
      finishSync: () => pipeline.finishSync(),
      onError: (e) => chain.notice(`seclog: shutdown step failed: ${e instanceof Error ? e.name : 'error'}`),
    });
  }

  return {
    loggerProvider,
    security,
    publicKeyPem: chain.keys.publicKeyPem,
    ...(chain.publicKeyPath !== undefined ? { publicKeyPath: chain.publicKeyPath } : {}),
    exporterDescription: chain.exporter.description,
    ...(chain.exporter.filePath !== undefined ? { archivePath: chain.exporter.filePath } : {}),
    ...(chain.spillPath !== undefined ? { spillPath: chain.spillPath } : {}),
    redactionStats: () => pipeline.redactionStats(),
    deliveryStats,
    forceFlush: () => loggerProvider.forceFlush(),
    shutdown,
  };
}

/** Registers globally; a refused start releases the pipeline (timers, exporter) first, so nothing keeps running. */
function registerUnlessRefused(provider: SafeLoggerProvider, register: boolean): GlobalRegistration | undefined {
  if (!register) return undefined;
  try {
    return registerGlobalLoggerProvider(provider);
  } catch (error) {
    void provider.shutdown().catch(() => {});
    throw error;
  }
}
