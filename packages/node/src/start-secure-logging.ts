import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diag } from '@opentelemetry/api';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { ed25519Signer, IntegrityProcessor, isValidKeyName } from '@seclog/integrity';
import { type RedactionPolicyInput, RedactionProcessor, type RedactionStats, redactResource } from '@seclog/redaction';
import { createSecurityEvents, SecurityEventProcessor, type SecurityEvents } from '@seclog/semconv';
import { type GlobalRegistration, registerGlobalLoggerProvider } from './global-logger-provider.js';
import { type ExporterChoice, selectLogExporter } from './log-exporter-selection.js';
import { type SecureLoggingOptions, validateOptions } from './secure-logging-options.js';
import { buildServiceResource } from './service-resource.js';
import { installSignalShutdown } from './signal-shutdown.js';
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
  /** Cumulative redaction counts by `detector:action` (counts and types only, never values). */
  redactionStats(): RedactionStats;
  /** Emits a checkpoint and flushes every queued record. */
  forceFlush(): Promise<void>;
  /** Final checkpoint, flush, unregister globals and signal handlers. Idempotent. */
  shutdown(): Promise<void>;
}

let noticeShown = false;

/**
 * Starts secure logging in one call: resource (redacted), the chain
 * `SecurityEventProcessor → RedactionProcessor → IntegrityProcessor → BatchLogRecordProcessor → exporter`, global
 * registration in both logs registries, and SIGTERM/SIGINT handling (flush + final checkpoint).
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
  const keys = loadKeys(options.keys ?? {}, env, production);

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

  const batch = new BatchLogRecordProcessor({ exporter: selected.exporter, ...options.batch });
  const integrity = new IntegrityProcessor({
    next: batch,
    signer: ed25519Signer(keys.signingKey, { keyName: signingKeyName(options.keys?.signingKeyName, serviceName) }),
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
  });
  const redaction = new RedactionProcessor({ next: integrity, policy });
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

  let shutdownPromise: Promise<void> | undefined;
  let removeSignals = () => {};
  const shutdown = (): Promise<void> => {
    shutdownPromise ??= (async () => {
      removeSignals();
      try {
        await loggerProvider.shutdown();
      } finally {
        registration?.unregister();
      }
    })();
    return shutdownPromise;
  };
  if (options.handleSignals !== false) {
    removeSignals = installSignalShutdown(shutdown, (e) => diag.error('seclog: shutdown on signal failed', e));
  }

  return {
    loggerProvider,
    security,
    publicKeyPem: keys.publicKeyPem,
    exporterDescription: selected.description,
    ...(selected.filePath !== undefined ? { archivePath: selected.filePath } : {}),
    redactionStats: () => redaction.stats(),
    forceFlush: () => loggerProvider.forceFlush(),
    shutdown,
  };
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
