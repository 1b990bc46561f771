import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import {
  type DeliveryStats,
  ed25519Signer,
  IntegrityProcessor,
  isSynchronousExporter,
  isValidKeyName,
} from '@seclog/integrity';
import { type RedactionPolicyInput, RedactionProcessor, type RedactionStats, redactResource } from '@seclog/redaction';
import { createSecurityEvents, SecurityEventProcessor, type SecurityEvents } from '@seclog/semconv';
import { type GlobalRegistration, registerGlobalLoggerProvider } from './global-logger-provider.js';
import {
  type ExporterChoice,
  type SelectedExporter,
  sanitizeFileName,
  selectLogExporter,
} from './log-exporter-selection.js';
import { OtlpJsonFileExporter } from './otlp-json-file-exporter.js';
import { installProcessHooks } from './process-hooks.js';
import { type SecureLoggingOptions, validateOptions } from './secure-logging-options.js';
import { buildServiceResource } from './service-resource.js';
import { loadKeys } from './signing-keys.js';

/** What {@link startSecureLogging} returns. */
export interface SecureLogging {
  /** The SDK provider (also registered globally in `@opentelemetry/api` and `@opentelemetry/api-logs`). */
  loggerProvider: LoggerProvider;
  /** Typed security-event builders on the `@seclog/semconv` scope. */
  security: SecurityEvents;
  /** SPKI PEM of the checkpoint signing key: give it to `seclog verify --public-key`. */
  publicKeyPem: string;
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

let noticeShown = false;

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
  const env = options.env ?? process.env;
  const production = (options.mode ?? (env.NODE_ENV === 'production' ? 'production' : 'development')) === 'production';
  const notice = options.notice ?? ((m: string) => process.stderr.write(`${m}\n`));
  const keys = loadKeys(options.keys ?? {}, env, production, notice);

  const hmac = { kid: options.keys?.hmacKeyId ?? 'k1', key: keys.hmacKey };
  const policy: RedactionPolicyInput = { ...options.redaction, hmac };
  const resource = redactResource(
    buildServiceResource(
      {
        serviceName: options.serviceName,
        serviceVersion: options.serviceVersion,
        serviceInstanceId: options.serviceInstanceId,
        environment: options.environment,
        attributes: options.resourceAttributes,
      },
      env,
    ),
    policy,
  );
  const serviceName = String(resource.attributes['service.name'] ?? 'service');

  const exporterOption = options.exporter;
  const choice: ExporterChoice | undefined =
    exporterOption !== undefined && 'export' in exporterOption
      ? { kind: 'custom', exporter: exporterOption }
      : (exporterOption as ExporterChoice | undefined);
  const archiveDir = options.archiveDir ?? env.SECLOG_ARCHIVE_DIR ?? join(tmpdir(), 'seclog');
  const selected = selectLogExporter(choice, env, archiveDir, serviceName);

  const spillPath = spillPathFor(selected, options.delivery?.spillPath, archiveDir, serviceName);
  const integrity = new IntegrityProcessor({
    exporter: selected.exporter,
    signer: ed25519Signer(keys.signingKey, { keyName: signingKeyName(options.keys?.signingKeyName, serviceName) }),
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
    delivery: {
      ...withoutSpillPath(options.delivery),
      ...(spillPath !== undefined ? { spill: new OtlpJsonFileExporter({ path: spillPath }) } : {}),
      ...(options.meterProvider ? { meterProvider: options.meterProvider } : {}),
      onWarning: notice,
    },
  });
  const redaction = new RedactionProcessor({
    next: integrity,
    policy,
    ...(options.meterProvider ? { meterProvider: options.meterProvider } : {}),
  });
  const semconvMode = options.securityEventMode ?? (production ? 'safe' : 'strict');
  const head = new SecurityEventProcessor({ next: redaction, mode: semconvMode });
  const loggerProvider = new LoggerProvider({ resource, processors: [head] });

  let registration: GlobalRegistration | undefined;
  try {
    registration = options.registerGlobal === false ? undefined : registerGlobalLoggerProvider(loggerProvider);
  } catch (error) {
    // Release the pipeline (timers, exporter) before failing, so a refused start leaves nothing running.
    void loggerProvider.shutdown().catch(() => {});
    throw error;
  }
  const security = createSecurityEvents(loggerProvider, { mode: semconvMode });

  if ((keys.ephemeral.signing || keys.ephemeral.hmac) && !noticeShown) {
    noticeShown = true;
    const which = [keys.ephemeral.signing ? 'signing' : '', keys.ephemeral.hmac ? 'HMAC' : '']
      .filter(Boolean)
      .join(' and ');
    notice(
      `seclog: development mode: generated ephemeral ${which} key(s) for this process only; ` +
        'archives verify with the public key returned by startSecureLogging (set SECLOG_SIGNING_KEY_FILE / ' +
        'SECLOG_HMAC_KEY_FILE, or NODE_ENV=production to require them)',
    );
  }

  const deliveryStats = () => integrity.stats().delivery;
  let shutdownPromise: Promise<DeliveryStats> | undefined;
  let removeHooks = () => {};
  const shutdown = (): Promise<DeliveryStats> => {
    shutdownPromise ??= (async () => {
      try {
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
      finishSync: () => integrity.finishSync(),
      onError: (e) => notice(`seclog: shutdown step failed: ${e instanceof Error ? e.name : 'error'}`),
    });
  }

  return {
    loggerProvider,
    security,
    publicKeyPem: keys.publicKeyPem,
    exporterDescription: selected.description,
    ...(selected.filePath !== undefined ? { archivePath: selected.filePath } : {}),
    ...(spillPath !== undefined ? { spillPath } : {}),
    redactionStats: () => redaction.stats(),
    deliveryStats,
    forceFlush: () => loggerProvider.forceFlush(),
    shutdown,
  };
}

/**
 * The spill file for exporters that cannot write synchronously (OTLP over the network): next to the embedded archive
 * location, unless the caller chose another path or turned it off (`false`).
 */
function spillPathFor(
  selected: SelectedExporter,
  option: string | false | undefined,
  archiveDir: string,
  serviceName: string,
): string | undefined {
  if (option === false || isSynchronousExporter(selected.exporter)) return undefined;
  return option ?? join(archiveDir, `${sanitizeFileName(serviceName)}.undelivered.otlp.jsonl`);
}

function withoutSpillPath<T extends { spillPath?: unknown }>(o: T | undefined): Omit<T, 'spillPath'> | undefined {
  if (o === undefined) return undefined;
  const { spillPath: _ignored, ...rest } = o;
  return rest;
}

/** C2SP key names allow no spaces or `+`; derive one from the service name unless given. */
function signingKeyName(explicit: string | undefined, serviceName: string): string {
  if (explicit !== undefined) {
    if (!isValidKeyName(explicit)) {
      throw new TypeError("startSecureLogging: options.keys.signingKeyName must be non-empty, without spaces or '+'");
    }
    return explicit;
  }
  const derived = serviceName.replace(/[\s+]/g, '_').slice(0, 64);
  return isValidKeyName(derived) ? derived : 'seclog';
}
