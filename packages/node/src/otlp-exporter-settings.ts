/**
 * The OTLP/HTTP exporter's settings, read by seclog from the chosen environment (the `env` option or `process.env`)
 * and handed to the OTel exporter explicitly. The OTel exporters read `process.env` themselves; when the caller gives
 * another environment they would send to the wrong place (or nowhere), so the exporter is built with the OTLP
 * variables of `process.env` hidden and every setting passed in code.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseKeyPairsIntoRecord } from '@opentelemetry/core';
import { SecureLoggingConfigError } from './secure-logging-config-error.js';
import { otlpUrlProblem } from './validate-options.js';

/** The explicit choice of `options.exporter` when it is `{ kind: 'otlp' }`. */
export interface OtlpChoiceSettings {
  url?: string;
  headers?: Record<string, string>;
  timeoutMillis?: number;
  compression?: 'gzip' | 'none';
}

/** What the OTel `OTLPLogExporter` constructors take, all of it decided here. */
export interface OtlpExporterSettings {
  url: string;
  headers: Record<string, string>;
  timeoutMillis?: number;
  compression?: 'gzip' | 'none';
  httpAgentOptions: { keepAlive: true; ca?: Buffer; cert?: Buffer; key?: Buffer };
  /** Where the URL came from, for the start-up description (never the URL's credentials or headers). */
  urlSource: string;
}

const DEFAULT_URL = 'http://localhost:4318/v1/logs';

/**
 * Settings for the logs exporter: the option first, then `OTEL_EXPORTER_OTLP_LOGS_*`, then `OTEL_EXPORTER_OTLP_*`
 * (the generic endpoint gets `/v1/logs` appended, as the OTel specification says), then the OTel defaults. A value
 * the OTel exporter would ignore with a diagnostic (a malformed endpoint or timeout, an unreadable certificate file)
 * is a start-up error naming the variable: a security log must not fall back to `localhost` silently.
 */
export function otlpExporterSettings(
  choice: OtlpChoiceSettings | undefined,
  env: NodeJS.ProcessEnv,
  component: string,
): OtlpExporterSettings {
  const fail = (field: string, problem: string): never => {
    throw new SecureLoggingConfigError(component, field, problem);
  };
  const variable = (suffix: string): [string, string] | undefined => {
    for (const name of [`OTEL_EXPORTER_OTLP_LOGS_${suffix}`, `OTEL_EXPORTER_OTLP_${suffix}`]) {
      const value = env[name]?.trim();
      if (value) return [name, value];
    }
    return undefined;
  };

  let url = choice?.url;
  let urlSource = 'options.exporter.url';
  if (url === undefined) {
    const specific = env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT?.trim();
    const generic = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
    if (specific) {
      url = specific;
      urlSource = 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT';
    } else if (generic) {
      url = `${generic.replace(/\/+$/, '')}/v1/logs`;
      urlSource = 'OTEL_EXPORTER_OTLP_ENDPOINT';
      if (!/^https?:\/\/[^/?#]+/i.test(generic)) {
        fail('OTEL_EXPORTER_OTLP_ENDPOINT', 'must be an http:// or https:// base URL, e.g. http://collector:4318');
      }
    } else {
      url = DEFAULT_URL;
      urlSource = 'default';
    }
    const problem = urlSource === 'default' ? undefined : otlpUrlProblem(url);
    if (problem !== undefined) fail(urlSource, problem);
  }

  const headers: Record<string, string> = {
    ...parseKeyPairsIntoRecord(env.OTEL_EXPORTER_OTLP_HEADERS),
    ...parseKeyPairsIntoRecord(env.OTEL_EXPORTER_OTLP_LOGS_HEADERS),
    ...choice?.headers,
  };

  const settings: OtlpExporterSettings = { url, headers, httpAgentOptions: { keepAlive: true }, urlSource };
  const timeout = variable('TIMEOUT');
  if (choice?.timeoutMillis !== undefined) settings.timeoutMillis = choice.timeoutMillis;
  else if (timeout !== undefined) {
    const ms = Number(timeout[1]);
    if (!Number.isFinite(ms) || ms <= 0) fail(timeout[0], 'must be a number of milliseconds greater than 0');
    settings.timeoutMillis = ms;
  }
  const compression = variable('COMPRESSION');
  if (choice?.compression !== undefined) settings.compression = choice.compression;
  else if (compression !== undefined) {
    if (compression[1] !== 'gzip' && compression[1] !== 'none') fail(compression[0], "must be 'gzip' or 'none'");
    settings.compression = compression[1] as 'gzip' | 'none';
  }
  for (const [suffix, field] of [
    ['CERTIFICATE', 'ca'],
    ['CLIENT_CERTIFICATE', 'cert'],
    ['CLIENT_KEY', 'key'],
  ] as const) {
    const file = variable(suffix);
    if (file !== undefined) settings.httpAgentOptions[field] = readTlsFile(file[0], file[1], fail);
  }
  return settings;
}

/** Reads a TLS file named by a variable; the message names the variable and the reason, not the value. */
function readTlsFile(name: string, path: string, fail: (field: string, problem: string) => never): Buffer {
  try {
    return readFileSync(isAbsolute(path) ? path : resolve(process.cwd(), path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return fail(name, `names a file that cannot be read (${code}); TLS to the collector needs it`);
  }
}

/**
 * Runs `build` with every `OTEL_EXPORTER_OTLP_*` variable removed from `process.env`, then puts them back. The OTel
 * exporters merge those variables under the settings given in code (headers are added, not replaced); hiding them
 * for the synchronous constructor makes the settings above the only ones in force.
 */
export function withoutProcessOtlpVariables<T>(build: () => T): T {
  const hidden: [string, string][] = [];
  for (const name of Object.keys(process.env)) {
    if (!name.startsWith('OTEL_EXPORTER_OTLP_')) continue;
    const value = process.env[name];
    if (value !== undefined) hidden.push([name, value]);
    delete process.env[name];
  }
  try {
    return build();
  } finally {
    for (const [name, value] of hidden) process.env[name] = value;
  }
}
