import { join } from 'node:path';
import { OTLPLogExporter as OtlpHttpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OtlpHttpProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import {
  type OtlpExporterSettings,
  otlpExporterSettings,
  withoutProcessOtlpVariables,
} from './otlp-exporter-settings.js';
import { OtlpJsonFileExporter } from './otlp-json-file-exporter.js';
import { SecureLoggingConfigError, START_SECURE_LOGGING } from './secure-logging-config-error.js';

/** Where the records go: an OTLP/HTTP endpoint, or the embedded default (OTLP/JSON lines in a local file). */
export type ExporterChoice =
  | {
      kind: 'otlp';
      protocol?: 'http/protobuf' | 'http/json';
      /** The full logs URL, e.g. `http://collector:4318/v1/logs` (else from `OTEL_EXPORTER_OTLP_[LOGS_]ENDPOINT`). */
      url?: string;
      /** Added to (and overriding) `OTEL_EXPORTER_OTLP_[LOGS_]HEADERS`. */
      headers?: Record<string, string>;
      timeoutMillis?: number;
      compression?: 'gzip' | 'none';
    }
  | { kind: 'file'; path: string }
  | { kind: 'custom'; exporter: LogRecordExporter };

/** What {@link selectLogExporter} decided, for the start-up notice and tests. */
export interface SelectedExporter {
  exporter: LogRecordExporter;
  /** e.g. `otlp http/protobuf (endpoint from OTEL_EXPORTER_OTLP_ENDPOINT)` or `file /var/log/app.otlp.jsonl`. */
  description: string;
  /** The archive file when the embedded file exporter is used. */
  filePath?: string;
  /** The OTLP settings passed to the OTel exporter (url, headers, timeout …) when OTLP is used. */
  otlp?: OtlpExporterSettings;
}

/** Who is asking, for errors and notices. */
export interface SelectionContext {
  /** Named in errors (default `startSecureLogging`). */
  component?: string;
  /** Receives the notice that `OTEL_LOGS_EXPORTER=none` does not turn seclog off (default: stderr). */
  notice?: (message: string) => void;
}

const PROTOCOLS = new Set(['http/protobuf', 'http/json']);

/**
 * Picks the exporter: explicit option first, then the standard OTel variables of `env` (`OTEL_LOGS_EXPORTER`,
 * `OTEL_EXPORTER_OTLP_[LOGS_]ENDPOINT`, `…_PROTOCOL`, `…_HEADERS`, `…_TIMEOUT`, `…_COMPRESSION`, the TLS files), else
 * the embedded file default. Every OTLP setting is read from `env` and passed to the OTel exporter in code.
 *
 * `OTEL_LOGS_EXPORTER=none` is how NodeSDK users switch the SDK's own log export off; it does not switch a security
 * log off: seclog keeps its destination and says so once. Other unknown values (and `grpc`) are start-up errors.
 */
export function selectLogExporter(
  choice: ExporterChoice | undefined,
  env: NodeJS.ProcessEnv,
  defaultFileDir: string,
  serviceName: string,
  context: SelectionContext = {},
): SelectedExporter {
  const component = context.component ?? START_SECURE_LOGGING;
  if (choice?.kind === 'custom') return { exporter: choice.exporter, description: 'custom exporter' };
  if (choice?.kind === 'file') {
    return {
      exporter: new OtlpJsonFileExporter({ path: choice.path }),
      description: `file ${choice.path}`,
      filePath: choice.path,
    };
  }
  const envExporter = env.OTEL_LOGS_EXPORTER?.trim().toLowerCase();
  if (envExporter !== undefined && !['', 'otlp', 'file', 'none'].includes(envExporter)) {
    throw new SecureLoggingConfigError(
      component,
      'OTEL_LOGS_EXPORTER',
      `is not supported by seclog (use "otlp" or "file", or options.exporter); a security log must not be silently ` +
        'disabled or sent where seclog cannot account for it',
    );
  }
  const envEndpoint = env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const wantsOtlp =
    choice?.kind === 'otlp' ||
    envExporter === 'otlp' ||
    (envExporter !== 'file' && envEndpoint !== undefined && envEndpoint !== '');
  const selected = wantsOtlp ? otlpExporter(choice, env, component) : embeddedFile(defaultFileDir, serviceName);
  if (envExporter === 'none' && choice === undefined) {
    (context.notice ?? ((m: string) => process.stderr.write(`${m}\n`)))(
      `seclog: OTEL_LOGS_EXPORTER=none turns off the OTel SDK's own log export, not the security log; seclog ` +
        `still writes to ${selected.description} (choose with the exporter option)`,
    );
  }
  return selected;
}

function embeddedFile(defaultFileDir: string, serviceName: string): SelectedExporter {
  const path = join(defaultFileDir, `${sanitizeFileName(serviceName)}.otlp.jsonl`);
  return { exporter: new OtlpJsonFileExporter({ path }), description: `file ${path}`, filePath: path };
}

function otlpExporter(choice: ExporterChoice | undefined, env: NodeJS.ProcessEnv, component: string): SelectedExporter {
  const otlpChoice = choice?.kind === 'otlp' ? choice : undefined;
  const protocolVariable = env.OTEL_EXPORTER_OTLP_LOGS_PROTOCOL?.trim()
    ? 'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = otlpChoice?.protocol ?? (env[protocolVariable]?.trim() || 'http/protobuf');
  if (!PROTOCOLS.has(protocol)) {
    throw new SecureLoggingConfigError(
      component,
      protocolVariable,
      `must be "http/protobuf" or "http/json" (protocol "${/^[\w/.-]{1,20}$/.test(protocol) ? protocol : '?'}" ` +
        'is not supported; grpc is not bundled)',
    );
  }
  const otlp = otlpExporterSettings(otlpChoice, env, component);
  const { urlSource, ...settings } = otlp;
  // CompressionAlgorithm is a string enum of the same two values.
  const config = settings as ConstructorParameters<typeof OtlpHttpProtoLogExporter>[0];
  const exporter = withoutProcessOtlpVariables(() =>
    protocol === 'http/json' ? new OtlpHttpJsonLogExporter(config) : new OtlpHttpProtoLogExporter(config),
  );
  // Origin and path only: a query string may carry a token.
  const shown = new URL(otlp.url);
  const where =
    urlSource === 'options.exporter.url' ? `${shown.origin}${shown.pathname}` : `endpoint from ${urlSource}`;
  return { exporter, description: `otlp ${protocol} (${where})`, otlp };
}

/** A file-name-safe form of a service name (archive and spill files are named after the service). */
export function sanitizeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
  return cleaned === '' || cleaned.startsWith('.') ? `service${cleaned}` : cleaned;
}
