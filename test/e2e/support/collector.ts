/**
 * Test harness for the real seclog OpenTelemetry Collector (`otelcol-seclog`, built by scripts/collector/build.sh):
 * obtain the binary (cached outside the repository, built when missing), validate configs, start a collector on free
 * loopback ports and stop it.
 *
 * @example
 * const collector = await startCollector(collectorConfigPath('archive.yaml'), { SECLOG_ARCHIVE_PATH: file, SECLOG_STORAGE_DIR: dir });
 * await postOtlpJson(collector.otlpLogsUrl, request);
 * await collector.stop();
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';

/** Absolute path of the repository root. */
export const repoRoot: string = new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');

/** Folder of the collector configurations. */
export const collectorConfigDir: string = join(repoRoot, 'collector-config');

/** Absolute path of a file in `collector-config/`. */
export function collectorConfigPath(name: string): string {
  return join(collectorConfigDir, name);
}

/** Upper bound for a cold build (module download + compile on 2 shared cores); tests use it as hook timeout. */
export const COLLECTOR_BUILD_TIMEOUT_MS = 45 * 60_000;

let cachedBinary: string | undefined;

/**
 * Path of the `otelcol-seclog` binary: runs scripts/collector/build.sh, which returns the cached binary at once or
 * builds it (minutes when the Go caches are cold). Throws with the build output when the build fails.
 */
export function ensureCollectorBinary(): string {
  if (cachedBinary !== undefined && existsSync(cachedBinary)) return cachedBinary;
  const result = spawnSync('bash', [join(repoRoot, 'scripts/collector/build.sh')], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: COLLECTOR_BUILD_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = (result.stdout ?? '').trim().split('\n');
  const binary = lines[lines.length - 1]?.trim() ?? '';
  if (result.status !== 0 || binary === '' || !existsSync(binary)) {
    throw new Error(
      `scripts/collector/build.sh failed (status ${result.status}, ${result.error?.message ?? 'no spawn error'}):\n${(result.stderr ?? '').slice(-4000)}`,
    );
  }
  cachedBinary = binary;
  return binary;
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/**
 * An Ed25519 key pair for the gateway's seal mode in `<dir>/keys/` (PKCS#8 private PEM, SPKI public PEM), created
 * once per directory; returns both paths.
 */
export function collectorSigningKey(
  dir: string,
  name = 'collector-signing',
): { privateKeyFile: string; publicKeyFile: string } {
  const keys = join(dir, 'keys');
  const privateKeyFile = join(keys, `${name}.pem`);
  const publicKeyFile = join(keys, `${name}.pub.pem`);
  if (!existsSync(privateKeyFile)) {
    mkdirSync(keys, { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  return { privateKeyFile, publicKeyFile };
}

let keyDir: string | undefined;

/** A per-process directory for the default collector signing key (removed with the OS temp dir). */
function defaultKeyDir(): string {
  keyDir ??= mkdtempSync(join(tmpdir(), 'seclog-e2e-collector-key-'));
  return keyDir;
}

/** HMAC key of `redaction/identities` for collectors started by the tests (64 hex characters = 64 bytes of key). */
export const TEST_IDENTITY_HMAC_KEY = randomBytes(32).toString('hex');

/**
 * Values for every `${env:...}` placeholder of the configs in collector-config/, pointing at loopback and at
 * `tmpDir`; enough for `otelcol validate`. Override any of them per test.
 */
export function dummyCollectorEnv(tmpDir: string): Record<string, string> {
  return {
    SECLOG_IDENTITY_HMAC_KEY: TEST_IDENTITY_HMAC_KEY,
    SECLOG_COLLECTOR_SIGNING_KEY_FILE: collectorSigningKey(tmpDir).privateKeyFile,
    SECLOG_WITNESS_KEY_FILE: collectorSigningKey(tmpDir, 'witness').privateKeyFile,
    SECLOG_ARCHIVE_PATH: join(tmpDir, 'archive', 'logs.jsonl'),
    SECLOG_STORAGE_DIR: join(tmpDir, 'storage'),
    SECLOG_FILELOG_INCLUDE: join(tmpDir, 'files', '*.log'),
    SECLOG_NEXT_HOP_ENDPOINT: 'http://127.0.0.1:9',
    SECLOG_ELASTIC_OTLP_ENDPOINT: 'http://127.0.0.1:9',
    SECLOG_ELASTIC_API_KEY: 'dummy-elastic-api-key',
    SECLOG_DATADOG_AGENT_OTLP_ENDPOINT: 'http://127.0.0.1:9',
    SECLOG_SPLUNK_OTLP_ENDPOINT: 'http://127.0.0.1:9',
  };
}

/** Loopback ports a started collector listens on. */
export interface CollectorPorts {
  readonly otlpHttp: number;
  readonly otlpGrpc: number;
  readonly health: number;
  readonly syslog: number;
}

/** A collector process started by {@link startCollector}. */
export interface RunningCollector {
  readonly process: ChildProcess;
  readonly ports: CollectorPorts;
  /** `http://127.0.0.1:<port>/v1/logs`, the OTLP/HTTP logs endpoint. */
  readonly otlpLogsUrl: string;
  /** Everything the collector wrote to stdout and stderr so far. */
  output(): string;
  /** Sends `signal` (default SIGTERM: graceful, drains batches and queues) and waits for the exit; returns the code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Options of {@link startCollector}. */
export interface StartCollectorOptions {
  /** Binary to run; default {@link ensureCollectorBinary}. */
  readonly binary?: string;
  /** Fixed ports (e.g. to restart a collector on the same address); free ones are picked otherwise. */
  readonly ports?: Partial<CollectorPorts>;
  /** How long to wait for the health check to answer 200; default 30 s. */
  readonly readyTimeoutMs?: number;
  /** Extra command-line arguments (e.g. `--feature-gates=...`). */
  readonly args?: readonly string[];
}

/**
 * Starts `otelcol-seclog --config <configPath>` with `env` on free loopback ports (passed through the
 * SECLOG_OTLP_HTTP_ENDPOINT, SECLOG_OTLP_GRPC_ENDPOINT, SECLOG_HEALTH_ENDPOINT and SECLOG_SYSLOG_ENDPOINT variables)
 * and resolves once its health_check extension reports ready. Rejects, after killing it, when it exits or does not
 * become ready in time.
 */
export async function startCollector(
  configPath: string,
  env: Record<string, string>,
  options: StartCollectorOptions = {},
): Promise<RunningCollector> {
  // A port is free when asked and bound by the collector a moment later; in between any process on the machine (a
  // parallel test, an outgoing connection's ephemeral port) can take it. Only that race is retried, on new ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startCollectorOnce(configPath, env, options);
    } catch (err) {
      const portTaken = err instanceof PortTakenError && options.ports === undefined;
      if (!portTaken || attempt === 3) throw err;
    }
  }
}

/** The collector could not bind one of the ports it was given: another process took it after it was chosen. */
class PortTakenError extends Error {}

async function startCollectorOnce(
  configPath: string,
  env: Record<string, string>,
  options: StartCollectorOptions,
): Promise<RunningCollector> {
  const binary = options.binary ?? ensureCollectorBinary();
  const ports: CollectorPorts = {
    otlpHttp: options.ports?.otlpHttp ?? (await freePort()),
    otlpGrpc: options.ports?.otlpGrpc ?? (await freePort()),
    health: options.ports?.health ?? (await freePort()),
    syslog: options.ports?.syslog ?? (await freePort()),
  };
  const child = spawn(binary, ['--config', configPath, ...(options.args ?? [])], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      // every config pseudonymizes identities of unsealed events (redaction/identities): a key for tests without one
      SECLOG_IDENTITY_HMAC_KEY: TEST_IDENTITY_HMAC_KEY,
      // gateway.yaml seals log files: a key for tests that do not bring their own
      SECLOG_COLLECTOR_SIGNING_KEY_FILE: collectorSigningKey(defaultKeyDir()).privateKeyFile,
      SECLOG_WITNESS_KEY_FILE: collectorSigningKey(defaultKeyDir(), 'witness').privateKeyFile,
      SECLOG_OTLP_HTTP_ENDPOINT: `127.0.0.1:${ports.otlpHttp}`,
      SECLOG_OTLP_GRPC_ENDPOINT: `127.0.0.1:${ports.otlpGrpc}`,
      SECLOG_HEALTH_ENDPOINT: `127.0.0.1:${ports.health}`,
      SECLOG_SYSLOG_ENDPOINT: `127.0.0.1:${ports.syslog}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > 1_000_000) output = output.slice(-500_000); // bounded in long runs
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exited = false;
  const exit = once(child, 'exit').then(([code]) => {
    exited = true;
    return code as number | null;
  });

  const running: RunningCollector = {
    process: child,
    ports,
    otlpLogsUrl: `http://127.0.0.1:${ports.otlpHttp}/v1/logs`,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (!exited) child.kill(signal);
      return exit;
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (exited) {
      const message = `collector exited before it was ready (${configPath}):\n${output.slice(-4000)}`;
      throw /bind: address already in use/.test(output) ? new PortTakenError(message) : new Error(message);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${ports.health}/`);
      if (response.status === 200) return running;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  await running.stop('SIGKILL');
  throw new Error(`collector not ready within the timeout (${configPath}):\n${output.slice(-4000)}`);
}

/** Result of {@link validateCollectorConfig}. */
export interface ValidationResult {
  readonly ok: boolean;
  readonly status: number | null;
  readonly output: string;
}

/** Runs `otelcol-seclog validate --config <configPath>` with `env`. */
export function validateCollectorConfig(
  configPath: string,
  env: Record<string, string>,
  binary: string = ensureCollectorBinary(),
): ValidationResult {
  const result = spawnSync(binary, ['validate', '--config', configPath], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
  });
  return { ok: result.status === 0, status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** POSTs an OTLP/JSON `ExportLogsServiceRequest` to `url`; returns the HTTP status. */
export async function postOtlpJson(url: string, request: unknown): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * Polls `path` (a file exporter output in `format: json`, uncompressed) until `predicate` holds for its parsed lines
 * or `timeoutMs` passes; returns the parsed lines (each an OTLP `ExportLogsServiceRequest`).
 */
export async function waitForArchiveLines(
  path: string,
  predicate: (lines: readonly unknown[]) => boolean,
  timeoutMs = 15_000,
): Promise<unknown[]> {
  const deadline = Date.now() + timeoutMs;
  let lines: unknown[] = [];
  while (Date.now() < deadline) {
    if (existsSync(path)) {
      lines = readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
      if (predicate(lines)) return lines;
    }
    await delay(100);
  }
  return lines;
}

/**
 * Registers the hooks every collector e2e file needs: build (or reuse) the binary first, and one temporary work
 * directory, removed afterwards. Returns a getter for the directory (it exists from `beforeAll` on).
 */
export function useCollectorWorkdir(prefix: string): { workdir(): string; binary(): string } {
  let tmp = '';
  let bin = '';
  beforeAll(() => {
    bin = ensureCollectorBinary();
    tmp = mkdtempSync(join(tmpdir(), prefix));
  }, COLLECTOR_BUILD_TIMEOUT_MS);
  afterAll(() => {
    if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
  });
  return { workdir: () => tmp, binary: () => bin };
}
