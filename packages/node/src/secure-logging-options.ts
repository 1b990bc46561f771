import { KeyObject } from 'node:crypto';
import type { Attributes, MeterProvider } from '@opentelemetry/api';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { DeliveryOptions } from '@seclog/integrity';
import type { RedactionPolicyInput } from '@seclog/redaction';
import type { ExporterChoice } from './log-exporter-selection.js';
import type { KeySources } from './signing-keys.js';

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
  /** Signing and HMAC keys (else `SECLOG_SIGNING_KEY_FILE`, `SECLOG_HMAC_KEY_FILE`). */
  keys?: KeySources & {
    /** Key name in the checkpoint signature line (default `<service.name>`). */
    signingKeyName?: string;
    /** HMAC key id embedded in pseudonym tokens (default `k1`). */
    hmacKeyId?: string;
  };
  /** Redaction policy (the HMAC key comes from `keys`). */
  redaction?: Omit<RedactionPolicyInput, 'hmac'>;
  /** Security-event validation: `strict` throws at the call site (dev/test), `safe` tags (default in production). */
  securityEventMode?: 'strict' | 'safe';
  /** Checkpoint cadence of the integrity processor. */
  checkpoint?: { maxRecords?: number; maxIntervalMs?: number; heartbeatMs?: number };
  /**
   * Delivery tuning (queue bounds, batching, retries, `flushTimeoutMillis` for flush and shutdown; see
   * `DeliveryOptions` of `@seclog/integrity`), and `spillPath`: where records and checkpoints that an OTLP exporter
   * could not take by shutdown or exit are written (default `<archiveDir>/<service>.undelivered.otlp.jsonl`; `false`
   * turns it off, and such records are then only counted and declared).
   */
  delivery?: Omit<DeliveryOptions, 'spill' | 'meterProvider' | 'onWarning'> & { spillPath?: string | false };
  /** Receives seclog's own metrics (`seclog.records.dropped`, `seclog.queue.depth`, redaction findings …). */
  meterProvider?: MeterProvider;
  /** Register in the global logs registries (`@opentelemetry/api` and `@opentelemetry/api-logs`). Default true. */
  registerGlobal?: boolean;
  /**
   * Process hooks: flush on SIGTERM/SIGINT (full shutdown when the application does not handle the signal itself),
   * final checkpoint on `beforeExit`, synchronous final write on `exit`. Default true.
   */
  handleSignals?: boolean;
  /** Where start-up notices go (default: stderr). Never receives key material. */
  notice?: (message: string) => void;
  /** Environment to read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

const KNOWN = new Set([
  'serviceName',
  'serviceVersion',
  'serviceInstanceId',
  'environment',
  'resourceAttributes',
  'mode',
  'exporter',
  'archiveDir',
  'keys',
  'redaction',
  'securityEventMode',
  'checkpoint',
  'delivery',
  'meterProvider',
  'registerGlobal',
  'handleSignals',
  'notice',
  'env',
]);

/** Validates the options up front; every error names the offending field. */
export function validateOptions(options: unknown): SecureLoggingOptions {
  const fail = (field: string, expected: string): never => {
    throw new TypeError(`startSecureLogging: options.${field} ${expected}`);
  };
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError('startSecureLogging: options must be an object');
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!KNOWN.has(key)) fail(key, 'is not a known option');
  for (const f of ['serviceName', 'serviceVersion', 'serviceInstanceId', 'environment', 'archiveDir']) {
    if (o[f] !== undefined && (typeof o[f] !== 'string' || o[f] === '')) fail(f, 'must be a non-empty string');
  }
  if (o.mode !== undefined && o.mode !== 'production' && o.mode !== 'development') {
    fail('mode', 'must be "production" or "development"');
  }
  if (o.securityEventMode !== undefined && o.securityEventMode !== 'strict' && o.securityEventMode !== 'safe') {
    fail('securityEventMode', 'must be "strict" or "safe"');
  }
  for (const f of ['registerGlobal', 'handleSignals']) {
    if (o[f] !== undefined && typeof o[f] !== 'boolean') fail(f, 'must be a boolean');
  }
  if (o.notice !== undefined && typeof o.notice !== 'function') fail('notice', 'must be a function');
  for (const f of ['resourceAttributes', 'keys', 'redaction', 'checkpoint', 'delivery', 'env']) {
    if (o[f] !== undefined && (o[f] === null || typeof o[f] !== 'object' || Array.isArray(o[f]))) {
      fail(f, 'must be an object');
    }
  }
  if (o.keys !== undefined) validateKeyOptions(o.keys as Record<string, unknown>, fail);
  for (const group of ['checkpoint', 'delivery'] as const) {
    const g = o[group] as Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(g ?? {})) {
      if (group === 'delivery' && k === 'spillPath') {
        if (v !== false && (typeof v !== 'string' || v === '')) fail('delivery.spillPath', 'must be a path or false');
      } else if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        // Exact ranges are checked by the processor that uses them (its errors name the same field).
        fail(`${group}.${k}`, 'must be a non-negative integer');
      }
    }
  }
  if (o.meterProvider !== undefined && typeof (o.meterProvider as MeterProvider | null)?.getMeter !== 'function') {
    fail('meterProvider', 'must be a MeterProvider');
  }
  const exporter = o.exporter as Record<string, unknown> | undefined;
  if (exporter !== undefined) {
    if (exporter === null || typeof exporter !== 'object') fail('exporter', 'must be an exporter choice or instance');
    const isInstance = typeof exporter.export === 'function' && typeof exporter.shutdown === 'function';
    if (!isInstance) {
      if (exporter.kind === 'file') {
        if (typeof exporter.path !== 'string' || exporter.path === '')
          fail('exporter.path', 'must be a non-empty string');
      } else if (exporter.kind === 'otlp') {
        if (
          exporter.protocol !== undefined &&
          exporter.protocol !== 'http/protobuf' &&
          exporter.protocol !== 'http/json'
        ) {
          fail('exporter.protocol', 'must be "http/protobuf" or "http/json"');
        }
        if (exporter.url !== undefined) {
          try {
            new URL(String(exporter.url));
          } catch {
            fail('exporter.url', 'must be an absolute URL');
          }
        }
      } else if (exporter.kind !== 'custom') {
        fail('exporter.kind', 'must be "otlp", "file" or "custom" (or pass a LogRecordExporter)');
      }
    }
  }
  return o as SecureLoggingOptions;
}

const KNOWN_KEY_OPTIONS = new Set([
  'signingKey',
  'signingKeyFile',
  'hmacKey',
  'hmacKeyFile',
  'signingKeyName',
  'hmacKeyId',
]);

/**
 * Checks the types of `options.keys.*` (what the keys contain is checked when they are loaded). Messages name the
 * field and the expected type, never the value: these fields are where key material is put, rightly or by mistake.
 */
function validateKeyOptions(keys: Record<string, unknown>, fail: (field: string, expected: string) => never): void {
  for (const name of Object.keys(keys)) {
    if (KNOWN_KEY_OPTIONS.has(name)) continue;
    // A misspelt key option would silently leave the key unset; its name is only echoed when it looks like a name.
    if (/^[a-z][A-Za-z]{0,40}$/.test(name)) fail(`keys.${name}`, 'is not a known option');
    fail('keys', 'has a field that is not a known option');
  }
  const { signingKey, signingKeyFile, hmacKey, hmacKeyFile, signingKeyName, hmacKeyId } = keys;
  if (
    signingKey !== undefined &&
    !(signingKey instanceof KeyObject) &&
    typeof signingKey !== 'string' &&
    !(signingKey instanceof Uint8Array)
  ) {
    fail('keys.signingKey', 'must be an Ed25519 private KeyObject or PKCS#8 PEM text');
  }
  for (const field of ['signingKeyFile', 'hmacKeyFile'] as const) {
    const path = field === 'signingKeyFile' ? signingKeyFile : hmacKeyFile;
    if (path !== undefined && (typeof path !== 'string' || path.trim() === '')) {
      fail(`keys.${field}`, 'must be the path of the key file (a non-empty string); key bytes go in the key options');
    }
  }
  if (typeof hmacKey === 'string') {
    fail('keys.hmacKey', "must be a Uint8Array (Buffer), not a string: decode it first (e.g. Buffer.from(hex, 'hex'))");
  }
  if (hmacKey !== undefined && !(hmacKey instanceof Uint8Array)) {
    fail('keys.hmacKey', 'must be a Uint8Array (Buffer) of at least 32 bytes');
  }
  if (signingKeyName !== undefined && typeof signingKeyName !== 'string')
    fail('keys.signingKeyName', 'must be a string');
  if (hmacKeyId !== undefined && typeof hmacKeyId !== 'string') fail('keys.hmacKeyId', 'must be a string');
}
