import { join } from 'node:path';
import { OTLPLogExporter as OtlpHttpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OtlpHttpProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { OtlpJsonFileExporter } from './otlp-json-file-exporter.js';

/** Where the records go: an OTLP/HTTP endpoint, or the embedded default (OTLP/JSON lines in a local file). */
export type ExporterChoice =
  | { kind: 'otlp'; protocol?: 'http/protobuf' | 'http/json'; url?: string; headers?: Record<string, string> }
  | { kind: 'file'; path: string }
  | { kind: 'custom'; exporter: LogRecordExporter };

/** What {@link selectLogExporter} decided, for the start-up notice and tests. */
export interface SelectedExporter {
  exporter: LogRecordExporter;
  /** e.g. `otlp http/protobuf (endpoint from OTEL_EXPORTER_OTLP_*)` or `file /var/log/app.otlp.jsonl`. */
  description: string;
  /** The archive file when the embedded file exporter is used. */
  filePath?: string;
}

const PROTOCOLS = new Set(['http/protobuf', 'http/json']);

/**
 * Picks the exporter: explicit option first, then the standard OTel variables (`OTEL_LOGS_EXPORTER`,
 * `OTEL_EXPORTER_OTLP_[LOGS_]ENDPOINT`, `OTEL_EXPORTER_OTLP_[LOGS_]PROTOCOL`), else the embedded file default.
 * Endpoint, headers, timeout, compression and TLS variables are read by the OTLP exporters themselves.
 */
export function selectLogExporter(
  choice: ExporterChoice | undefined,
  env: NodeJS.ProcessEnv,
  defaultFileDir: string,
  serviceName: string,
): SelectedExporter {
  if (choice?.kind === 'custom') return { exporter: choice.exporter, description: 'custom exporter' };
  if (choice?.kind === 'file') {
    return {
      exporter: new OtlpJsonFileExporter({ path: choice.path }),
      description: `file ${choice.path}`,
      filePath: choice.path,
    };
  }
  const envExporter = env.OTEL_LOGS_EXPORTER?.trim().toLowerCase();
  if (envExporter !== undefined && envExporter !== '' && envExporter !== 'otlp' && envExporter !== 'file') {
    throw new Error(
      `startSecureLogging: OTEL_LOGS_EXPORTER="${envExporter}" is not supported by seclog (use "otlp" or "file"); ` +
        'a security log must not be silently disabled',
    );
  }
  const envEndpoint = env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const wantsOtlp = choice?.kind === 'otlp' || envExporter === 'otlp' || (envExporter !== 'file' && !!envEndpoint);
  if (!wantsOtlp) {
    const path = join(defaultFileDir, `${sanitizeFileName(serviceName)}.otlp.jsonl`);
    return { exporter: new OtlpJsonFileExporter({ path }), description: `file ${path}`, filePath: path };
  }
  const protocol =
    (choice?.kind === 'otlp' ? choice.protocol : undefined) ??
    env.OTEL_EXPORTER_OTLP_LOGS_PROTOCOL?.trim() ??
    env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim() ??
    'http/protobuf';
  if (!PROTOCOLS.has(protocol)) {
    throw new Error(
      `startSecureLogging: OTLP protocol "${protocol}" is not supported (exporter.protocol / OTEL_EXPORTER_OTLP_LOGS_PROTOCOL / ` +
        'OTEL_EXPORTER_OTLP_PROTOCOL must be "http/protobuf" or "http/json"; grpc is not bundled)',
    );
  }
  const config: { url?: string; headers?: Record<string, string> } = {};
  if (choice?.kind === 'otlp' && choice.url !== undefined) config.url = choice.url;
  if (choice?.kind === 'otlp' && choice.headers !== undefined) config.headers = choice.headers;
  const exporter =
    protocol === 'http/json' ? new OtlpHttpJsonLogExporter(config) : new OtlpHttpProtoLogExporter(config);
  const where = config.url ?? (envEndpoint ? 'endpoint from OTEL_EXPORTER_OTLP_*' : 'default endpoint');
  return { exporter, description: `otlp ${protocol} (${where})` };
}

/** A file-name-safe form of a service name (archive and spill files are named after the service). */
export function sanitizeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
  return cleaned === '' || cleaned.startsWith('.') ? `service${cleaned}` : cleaned;
}
