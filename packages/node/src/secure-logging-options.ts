/** Options of `startSecureLogging` and `secureLogRecordProcessors` (validated by `validateOptions`). */
import type { Attributes, MeterProvider } from '@opentelemetry/api';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { CheckpointOptions, DeliveryOptions } from '@seclog/integrity';
import type { RedactionPolicyInput } from '@seclog/redaction';
import type { ClientGeoLookup } from '@seclog/semconv';
import type { KeySources } from './key-sources.js';
import type { ExporterChoice } from './log-exporter-selection.js';

/** Options of `startSecureLogging`; everything is optional in development, keys are required in production. */
export interface SecureLoggingOptions {
  /** `service.name` (else `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, `unknown_service:node`). */
  serviceName?: string;
  serviceVersion?: string;
  serviceInstanceId?: string;
  /** `deployment.environment.name` (else from `OTEL_RESOURCE_ATTRIBUTES`, then NODE_ENV, then `development`). */
  environment?: string;
  /** Extra resource attributes. */
  resourceAttributes?: Attributes;
  /**
   * `production` requires real keys (a missing key is a start-up error); `development` generates ephemeral keys and
   * says so once. Default: `production` when NODE_ENV=production.
   */
  mode?: 'production' | 'development';
  /**
   * Where records go. Default: `OTEL_EXPORTER_OTLP_*` if an endpoint is configured (or OTEL_LOGS_EXPORTER=otlp),
   * else the embedded OTLP/JSON file in `archiveDir`. A `LogRecordExporter` instance is accepted too.
   */
  exporter?: ExporterChoice | LogRecordExporter;
  /** Folder of the embedded file archive (default `SECLOG_ARCHIVE_DIR`, else `<tmpdir>/seclog`). */
  archiveDir?: string;
  /**
   * The signing key (Ed25519, seals checkpoints) and the pseudonym key (HMAC, behind redaction's pseudonyms); else
   * `SECLOG_SIGNING_KEY_FILE` and `SECLOG_PSEUDONYM_KEY_FILE`. `seclog keygen --out <dir>` writes both.
   */
  keys?: KeySources & {
    /** Key name in the checkpoint signature line (default `<service.name>`). */
    signingKeyName?: string;
    /** Key id embedded in pseudonym tokens, `<email:kid:token>` (default `k1`; `ephemeral` for a generated key). */
    pseudonymKeyId?: string;
    /** @deprecated the pseudonym key id; use `pseudonymKeyId`. */
    hmacKeyId?: string;
  };
  /** Redaction policy (its HMAC key is the pseudonym key, from `keys`). */
  redaction?: Omit<RedactionPolicyInput, 'hmac'>;
  /**
   * Security-event validation. Default `safe`, in every mode and whatever NODE_ENV says: a non-conforming event is
   * still emitted, tagged with `security_event.conformance.errors`, and the first one per event name is reported on
   * the notice sink. `strict` (ask for it in tests) throws `SecurityEventValidationError` at the call site instead.
   */
  securityEventMode?: 'strict' | 'safe';
  /**
   * Geo/ASN lookup of `client.address` for security events (the `geo` hook of `SecurityEventProcessor`): it runs
   * before redaction, so it sees the real address; new-country and impossible-travel detections need what it returns.
   */
  geo?: ClientGeoLookup;
  /** Checkpoint cadence of the integrity processor (`maxRecords`, `maxIntervalMs`, `heartbeatMs`, `leafList`, …). */
  checkpoint?: CheckpointOptions;
  /**
   * Delivery tuning (queue bounds, batching, retries, `flushTimeoutMillis` for flush and shutdown; see
   * `DeliveryOptions` of `@seclog/integrity`), and `spillPath`: where records and checkpoints that an OTLP exporter
   * could not take by shutdown or exit are written (default `<archiveDir>/<service>.undelivered.otlp.jsonl`; `false`
   * turns it off, and such records are then only counted and declared).
   */
  delivery?: Omit<DeliveryOptions, 'spill' | 'meterProvider' | 'onWarning'> & { spillPath?: string | false };
  /** Receives seclog's own metrics (`seclog.records.dropped`, `seclog.queue.depth`, redaction findings …). */
  meterProvider?: MeterProvider;
  /**
   * Where the chain runs. `inline` (default): inside `emit()`, on the application's thread. `worker`: `emit()` only
   * snapshots the record and hands it, in batches, to one worker thread that redacts, seals, signs and exports (same
   * guarantees; see "Where the chain runs" in the README). A worker that cannot start is a start-up error; a custom
   * exporter object or a redaction policy with functions cannot move to the worker and is refused with it.
   */
  pipeline?: 'inline' | 'worker';
  /** Register in the global logs registries (`@opentelemetry/api` and `@opentelemetry/api-logs`). Default true. */
  registerGlobal?: boolean;
  /**
   * Process hooks: flush on SIGTERM/SIGINT (full shutdown when the application does not handle the signal itself),
   * final checkpoint on `beforeExit`, synchronous final write on `exit`. Default true.
   */
  handleSignals?: boolean;
  /** Where start-up notices go (default: stderr). Never receives key material. */
  notice?: (message: string) => void;
  /**
   * Environment to read instead of `process.env`, by every component: mode (`NODE_ENV`), keys (`SECLOG_*`), archive
   * folder, resource (`OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`) and the OTLP exporter (`OTEL_LOGS_EXPORTER`,
   * `OTEL_EXPORTER_OTLP_[LOGS_]*`: endpoint, protocol, headers, timeout, compression, TLS files), whose settings are
   * passed to the OTel exporter explicitly.
   */
  env?: NodeJS.ProcessEnv;
}
