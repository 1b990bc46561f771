/**
 * seclog inside an OpenTelemetry setup it does not own: `new NodeSDK({ logRecordProcessors:
 * secureLogRecordProcessors({...}) })`. The same chain as `startSecureLogging` (keys, redaction, sealing, delivery,
 * archive), without taking the global LoggerProvider: NodeSDK registers its own, with seclog's processors in it.
 */
import { logs } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { DeliveryStats } from '@seclog/integrity';
import type { RedactionStats } from '@seclog/redaction';
import { createSecurityEvents, type SecurityEvents } from '@seclog/semconv';
import { safeLoggerProvider } from '@seclog/snapshot';
import { withConformanceNotices } from './internal/conformance-notices.js';
import { announceEphemeralKeys } from './internal/ephemeral-keys-notice.js';
import { buildSecureChain } from './internal/secure-chain.js';
import { chainOptions, sealingPipeline } from './internal/worker-pipeline/sealing-pipeline.js';
import { bridgeLegacyLogsRegistry } from './legacy-logs-bridge.js';
import { installProcessHooks } from './process-hooks.js';
import { ResourceRedactingProcessor } from './resource-redacting-processor.js';
import { SecureLoggingConfigError } from './secure-logging-config-error.js';
import type { SecureLoggingOptions } from './secure-logging-options.js';
import { validateOptions } from './validate-options.js';

const COMPONENT = 'secureLogRecordProcessors';

/** Options of {@link secureLogRecordProcessors}: those of `startSecureLogging` that apply when NodeSDK owns the SDK. */
export type SecureLogRecordProcessorsOptions = Omit<
  SecureLoggingOptions,
  'registerGlobal' | 'serviceVersion' | 'serviceInstanceId' | 'environment' | 'resourceAttributes'
>;

/** What seclog adds to the processor array: the same handles as `startSecureLogging` returns. */
export interface SecureLogRecordProcessorsHandle {
  /**
   * Typed security-event builders on the global provider (NodeSDK's, once `sdk.start()` has run; events emitted
   * before that are dropped by the OTel API, as any log is). Safe mode unless `securityEventMode: 'strict'`; they
   * never throw from `emit`, also for hostile attribute values.
   */
  readonly security: SecurityEvents;
  /** SPKI PEM of the checkpoint signing key: give it to `seclog verify --public-key`. */
  readonly publicKeyPem: string;
  /** Development mode: the `<archive>.pub.pem` file the public key was appended to. */
  readonly publicKeyPath?: string;
  readonly exporterDescription: string;
  readonly archivePath?: string;
  readonly spillPath?: string;
  /** seclog's redacted service resource (NodeSDK's own resource is redacted record by record). */
  readonly resource: Resource;
  redactionStats(): RedactionStats;
  deliveryStats(): DeliveryStats;
}

/** The processors to give NodeSDK (`logRecordProcessors`), with seclog's handles attached. */
export type SecureLogRecordProcessors = LogRecordProcessor[] & SecureLogRecordProcessorsHandle;

/** Options that belong to NodeSDK in this integration, and where to set them instead. */
const SET_ON_NODESDK: Partial<Record<keyof SecureLoggingOptions, string>> = {
  registerGlobal: 'NodeSDK registers the provider that holds these processors (sdk.start())',
  serviceVersion: "records carry NodeSDK's resource: new NodeSDK({ resource: resourceFromAttributes({ ... }) })",
  serviceInstanceId: "records carry NodeSDK's resource (its serviceInstanceIdDetector sets it)",
  environment: "records carry NodeSDK's resource: set deployment.environment.name there or in OTEL_RESOURCE_ATTRIBUTES",
  resourceAttributes: "records carry NodeSDK's resource: new NodeSDK({ resource }) or OTEL_RESOURCE_ATTRIBUTES",
};

/**
 * seclog's processors for an SDK you start yourself, typically NodeSDK:
 *
 * ```ts
 * const seclog = secureLogRecordProcessors({ serviceName: 'shop-api' });
 * const sdk = new NodeSDK({ serviceName: 'shop-api', logRecordProcessors: seclog, instrumentations: [...] });
 * sdk.start();
 * seclog.security.authenticationLogin({ ... });
 * ```
 *
 * Takes the options of `startSecureLogging` that apply (`mode`, `archiveDir`, `keys`, `exporter`, `redaction`,
 * `delivery`, `checkpoint`, `securityEventMode`, `serviceName` — which names the archive and signing key —, `env`,
 * `notice`, `meterProvider`, `handleSignals`); resource options belong to NodeSDK. Errors are
 * `SecureLoggingConfigError`s naming the field, as with `startSecureLogging`.
 *
 * What holds on this path: the resource NodeSDK detected is redacted before sealing (its process detector records
 * the command line); seclog's processors never throw into `emit`; `security.*` goes through `safeLoggerProvider`, so
 * it never throws. What does not: records that the application or a bridge emits through NodeSDK's own loggers are
 * read by the OTel SDK before seclog sees them, so a throwing getter or Proxy in their attributes throws from
 * `emit()` as it would without seclog (`startSecureLogging` wraps the provider and prevents that). The legacy
 * `@opentelemetry/api-logs` registry (winston-transport) is pointed at NodeSDK's provider so winston records arrive.
 *
 * Shutdown: `sdk.shutdown()` runs seclog's final checkpoint and flush. Unless `handleSignals: false`, the process
 * hooks of `startSecureLogging` are installed as well (final checkpoint at exit, signals without a handler).
 */
export function secureLogRecordProcessors(input: SecureLogRecordProcessorsOptions = {}): SecureLogRecordProcessors {
  if (input !== null && typeof input === 'object') {
    for (const [name, where] of Object.entries(SET_ON_NODESDK)) {
      if (name in input) throw new SecureLoggingConfigError(COMPONENT, `options.${name}`, `is not set here: ${where}`);
    }
  }
  const options = validateOptions(input, COMPONENT);
  const chain = buildSecureChain(chainOptions(options), COMPONENT);
  const pipeline = sealingPipeline(chain, options, COMPONENT);
  const bridge = bridgeLegacyLogsRegistry();
  let removeHooks = () => {};
  let shutdownPromise: Promise<void> | undefined;
  const head = new ResourceRedactingProcessor(pipeline.processor, chain.redactForeignResource);
  const processor: LogRecordProcessor = {
    onEmit: (record, context) => head.onEmit(record, context),
    forceFlush: () => head.forceFlush(),
    // NodeSDK's shutdown and the process hooks may both ask; the chain shuts down once.
    shutdown: () => {
      shutdownPromise ??= head.shutdown().finally(() => {
        removeHooks();
        bridge.remove();
      });
      return shutdownPromise;
    },
  };
  if (options.handleSignals !== false) {
    removeHooks = installProcessHooks({
      flush: () => processor.forceFlush(),
      shutdown: () => processor.shutdown(),
      finishSync: () => pipeline.finishSync(),
      onError: (e) => chain.notice(`seclog: shutdown step failed: ${e instanceof Error ? e.name : 'error'}`),
    });
  }
  announceEphemeralKeys(chain);

  // Resolved when the builders are created: the API's proxy before sdk.start(), NodeSDK's provider after.
  const globalProvider = {
    getLogger: (...args: Parameters<typeof logs.getLogger>) => logs.getLoggerProvider().getLogger(...args),
    forceFlush: () => processor.forceFlush(),
    shutdown: async () => {},
  };
  const security = withConformanceNotices(
    createSecurityEvents(safeLoggerProvider(globalProvider), { mode: chain.securityEventMode }),
    chain.notice,
  );
  const handle: SecureLogRecordProcessorsHandle = {
    security,
    publicKeyPem: chain.keys.publicKeyPem,
    ...(chain.publicKeyPath !== undefined ? { publicKeyPath: chain.publicKeyPath } : {}),
    exporterDescription: chain.exporter.description,
    ...(chain.exporter.filePath !== undefined ? { archivePath: chain.exporter.filePath } : {}),
    ...(chain.spillPath !== undefined ? { spillPath: chain.spillPath } : {}),
    resource: chain.resource,
    redactionStats: () => pipeline.redactionStats(),
    deliveryStats: () => pipeline.deliveryStats(),
  };
  return Object.assign([processor], handle);
}
