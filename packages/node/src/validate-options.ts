/**
 * Start-up validation of {@link SecureLoggingOptions}: every field is checked by type, unknown keys are refused at
 * every level with the full path and a "did you mean", and each error is a {@link SecureLoggingConfigError} naming the
 * field, never the value (options are where keys and tokens are put). Ranges of delivery and checkpoint numbers and
 * the redaction policy are checked by the components that use them; their errors are re-thrown with the same paths
 * (see `withUserFieldPaths`).
 */
import { type OptionReader, optionReader } from '@seclog/config';
import { knownObject } from './internal/option-hints.js';
import { validateKeyOptions } from './internal/validate-key-options.js';
import type { ExporterChoice } from './log-exporter-selection.js';
import { SecureLoggingConfigError, START_SECURE_LOGGING } from './secure-logging-config-error.js';
import type { SecureLoggingOptions } from './secure-logging-options.js';

/** Every top-level option; a `Record` so that adding one to the interface without listing it here fails to compile. */
const OPTION_NAMES: Record<keyof SecureLoggingOptions, true> = {
  serviceName: true,
  serviceVersion: true,
  serviceInstanceId: true,
  environment: true,
  resourceAttributes: true,
  mode: true,
  exporter: true,
  archiveDir: true,
  keys: true,
  redaction: true,
  securityEventMode: true,
  geo: true,
  checkpoint: true,
  delivery: true,
  meterProvider: true,
  pipeline: true,
  registerGlobal: true,
  handleSignals: true,
  notice: true,
  env: true,
};

type CheckpointOption = keyof NonNullable<SecureLoggingOptions['checkpoint']>;
const CHECKPOINT_NAMES: Record<CheckpointOption, 'integer' | 'boolean'> = {
  maxRecords: 'integer',
  maxIntervalMs: 'integer',
  heartbeatMs: 'integer',
  leafList: 'boolean',
  signTimeoutMs: 'integer',
};

type DeliveryOption = keyof NonNullable<SecureLoggingOptions['delivery']>;
const DELIVERY_NAMES: Record<Exclude<DeliveryOption, 'spillPath'>, true> = {
  maxQueueSize: true,
  maxQueueBytes: true,
  maxExportBatchSize: true,
  scheduledDelayMillis: true,
  exportTimeoutMillis: true,
  maxExportAttempts: true,
  maxPendingCheckpoints: true,
  flushTimeoutMillis: true,
};

type OtlpChoice = Extract<ExporterChoice, { kind: 'otlp' }>;
const OTLP_NAMES: Record<keyof OtlpChoice, true> = {
  kind: true,
  protocol: true,
  url: true,
  headers: true,
  timeoutMillis: true,
  compression: true,
};

/**
 * Validates the options up front and returns them typed; throws {@link SecureLoggingConfigError} naming the field.
 *
 * @param component named in errors (`startSecureLogging`, `secureLogRecordProcessors`)
 * @param allowed the top-level options this entry point takes (default: all)
 */
export function validateOptions(
  options: unknown,
  component: string = START_SECURE_LOGGING,
  allowed: readonly (keyof SecureLoggingOptions)[] = Object.keys(OPTION_NAMES) as (keyof SecureLoggingOptions)[],
): SecureLoggingOptions {
  const read = optionReader(component, SecureLoggingConfigError);
  if (options === undefined) return {};
  const o = knownObject(read, 'options', options, allowed);
  for (const f of ['serviceName', 'serviceVersion', 'serviceInstanceId', 'environment', 'archiveDir'] as const) {
    read.string(`options.${f}`, o[f], 'unset');
  }
  read.oneOf('options.mode', o.mode, ['production', 'development'], 'development');
  read.oneOf('options.securityEventMode', o.securityEventMode, ['strict', 'safe'], 'safe');
  read.oneOf('options.pipeline', o.pipeline, ['inline', 'worker'], 'inline');
  read.boolean('options.registerGlobal', o.registerGlobal, true);
  read.boolean('options.handleSignals', o.handleSignals, true);
  read.optionalFunction('options.notice', o.notice);
  read.optionalFunction('options.geo', o.geo);
  if (o.meterProvider !== undefined && typeof (o.meterProvider as { getMeter?: unknown })?.getMeter !== 'function') {
    read.fail('options.meterProvider', 'must be a MeterProvider (an object with getMeter)');
  }
  validateResourceAttributes(read, o.resourceAttributes);
  validateEnv(read, o.env);
  validateKeyOptions(read, o.keys);
  // The redaction policy is validated by @seclog/redaction when the chain is built (same paths, same class).
  if (o.redaction !== undefined) read.object('options.redaction', o.redaction, Object.keys(o.redaction as object));
  if (o.redaction !== undefined && 'hmac' in (o.redaction as object)) {
    read.fail('options.redaction.hmac', 'is set from options.keys (the pseudonym key), not in the redaction policy');
  }
  validateCheckpoint(read, o.checkpoint);
  validateDelivery(read, o.delivery);
  validateExporter(read, o.exporter);
  return o as SecureLoggingOptions;
}

function validateResourceAttributes(read: OptionReader, value: unknown): void {
  const attributes = read.object('options.resourceAttributes', value, Object.keys(value ?? {}));
  for (const [key, v] of Object.entries(attributes)) {
    const ok = isAttributeScalar(v) || (Array.isArray(v) && v.every((e) => e == null || isAttributeScalar(e)));
    if (!ok)
      read.fail(fieldOf('options.resourceAttributes', key), 'must be a string, number, boolean or an array of them');
  }
}

function isAttributeScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function validateEnv(read: OptionReader, value: unknown): void {
  const env = read.object('options.env', value, Object.keys(value ?? {}));
  for (const [name, v] of Object.entries(env)) {
    if (v !== undefined && typeof v !== 'string') read.fail(fieldOf('options.env', name), 'must be a string');
  }
}

function validateCheckpoint(read: OptionReader, value: unknown): void {
  const checkpoint = knownObject(read, 'options.checkpoint', value, Object.keys(CHECKPOINT_NAMES));
  for (const [name, kind] of Object.entries(CHECKPOINT_NAMES)) {
    const field = `options.checkpoint.${name}`;
    if (kind === 'boolean') read.boolean(field, checkpoint[name], true);
    else nonNegativeInteger(read, field, checkpoint[name]);
  }
}

function validateDelivery(read: OptionReader, value: unknown): void {
  const delivery = knownObject(read, 'options.delivery', value, [...Object.keys(DELIVERY_NAMES), 'spillPath']);
  for (const name of Object.keys(DELIVERY_NAMES)) nonNegativeInteger(read, `options.delivery.${name}`, delivery[name]);
  const spill = delivery.spillPath;
  if (spill !== undefined && spill !== false && (typeof spill !== 'string' || spill === '')) {
    read.fail('options.delivery.spillPath', 'must be a file path or false');
  }
}

/** The type only: exact ranges are checked by the integrity processor, whose errors name the same field. */
function nonNegativeInteger(read: OptionReader, field: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
    read.fail(field, 'must be a non-negative integer');
  }
}

function validateExporter(read: OptionReader, value: unknown): void {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    read.fail('options.exporter', "must be { kind: 'otlp' | 'file' | 'custom', … } or a LogRecordExporter");
  }
  const e = value as Record<string, unknown>;
  if (typeof e.export === 'function') {
    if (typeof e.shutdown !== 'function')
      read.fail('options.exporter', 'is missing shutdown() (not a LogRecordExporter)');
    return;
  }
  const kind = read.oneOf('options.exporter.kind', e.kind ?? '', ['otlp', 'file', 'custom'], 'otlp');
  if (kind === 'file') {
    knownObject(read, 'options.exporter', e, ['kind', 'path']);
    if (e.path === undefined) read.fail('options.exporter.path', 'is required with kind: file');
    read.string('options.exporter.path', e.path, '');
  } else if (kind === 'custom') {
    knownObject(read, 'options.exporter', e, ['kind', 'exporter']);
    const inner = e.exporter as { export?: unknown; shutdown?: unknown } | undefined;
    if (typeof inner?.export !== 'function' || typeof inner.shutdown !== 'function') {
      read.fail('options.exporter.exporter', 'must be a LogRecordExporter (export, shutdown)');
    }
  } else {
    validateOtlpChoice(read, e);
  }
}

function validateOtlpChoice(read: OptionReader, e: Record<string, unknown>): void {
  knownObject(read, 'options.exporter', e, Object.keys(OTLP_NAMES));
  read.oneOf('options.exporter.protocol', e.protocol, ['http/protobuf', 'http/json'], 'http/protobuf');
  read.oneOf('options.exporter.compression', e.compression, ['gzip', 'none'], 'none');
  if (e.timeoutMillis !== undefined) {
    read.integer('options.exporter.timeoutMillis', e.timeoutMillis, { min: 1, max: 600_000, fallback: 10_000 });
  }
  if (e.url !== undefined) {
    const problem = typeof e.url === 'string' ? otlpUrlProblem(e.url) : 'must be a string';
    if (problem !== undefined) read.fail('options.exporter.url', problem);
  }
  const headers = read.object('options.exporter.headers', e.headers, Object.keys(e.headers ?? {}));
  for (const [name, v] of Object.entries(headers)) {
    // Header values are usually credentials: the message names the header, never the value.
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/.test(name)) {
      read.fail('options.exporter.headers', 'has a name that is not a valid HTTP header name (not repeated here)');
    }
    if (typeof v !== 'string') read.fail(`options.exporter.headers.${name}`, 'must be a string');
  }
}

/**
 * What is wrong with an OTLP/HTTP logs URL, if anything. `collector:4318` parses as a URL with the scheme
 * `collector:`, so the scheme is checked; a bare `http://host:4318` would post to `/` and lose every record, so the
 * path must name the logs endpoint.
 */
export function otlpUrlProblem(url: string): string | undefined {
  const example = 'e.g. http://collector:4318/v1/logs';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `must be an absolute http:// or https:// URL (${example})`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `must start with http:// or https:// (${example}); a host:port alone is read as a URL scheme`;
  }
  if (parsed.hostname === '') return `must name a host (${example})`;
  if (parsed.username !== '' || parsed.password !== '') {
    return 'must not carry credentials; put them in options.exporter.headers';
  }
  if (parsed.pathname === '/' || parsed.pathname === '') {
    return `must be the full logs URL, with its path (${example}); OTEL_EXPORTER_OTLP_ENDPOINT takes the base URL`;
  }
  return undefined;
}

/** `parent.key` when the key is shaped like a name (a pasted value is not repeated), else `parent`. */
function fieldOf(parent: string, key: string): string {
  return /^[A-Za-z_][\w.-]{0,80}$/.test(key) ? `${parent}.${key}` : parent;
}
