/**
 * Options of startSecureLogging: one error class naming the field (never the value), unknown keys refused at every
 * level with a suggestion, component errors re-thrown with the user's path, and the `env` option reaching every
 * component — the OTLP exporter included, which otherwise reads process.env on its own.
 */

import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeclogConfigError } from '@seclog/config';
import { afterEach, describe, expect, it } from 'vitest';
import { SecureLoggingConfigError } from '../src/secure-logging-config-error.js';
import type { SecureLoggingOptions } from '../src/secure-logging-options.js';
import { startSecureLogging } from '../src/start-secure-logging.js';
import { validateOptions } from '../src/validate-options.js';
import { listen } from './support/memory-logs.js';

const quiet = { handleSignals: false, registerGlobal: false, notice: () => {}, mode: 'development' } as const;
const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
});

function configError(run: () => unknown): SecureLoggingConfigError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(SecureLoggingConfigError);
    expect(e).toBeInstanceOf(SeclogConfigError);
    expect(e).toBeInstanceOf(TypeError);
    return e as SecureLoggingConfigError;
  }
  throw new Error('did not throw');
}

describe('validateOptions', () => {
  it.each([
    [{ keys: { signingKeyPath: '/k.pem' } }, 'options.keys.signingKeyPath', /did you mean signingKeyFile\?/],
    [{ exporter: { kind: 'otlp', endpoint: 'http://c:4318' } }, 'options.exporter.endpoint', /did you mean url\?/],
    [{ batch: { maxQueSize: 10 } }, 'options.batch', /did you mean delivery\?/],
    [{ delivery: { maxQueSize: 10 } }, 'options.delivery.maxQueSize', /did you mean maxQueueSize\?/],
    [{ checkpoint: { maxRecord: 10 } }, 'options.checkpoint.maxRecord', /did you mean maxRecords\?/],
    [{ servicename: 'shop' }, 'options.servicename', /did you mean serviceName\?/],
  ])('refuses the unknown nested key in %j with its full path and a suggestion', (options, field, hint) => {
    const e = configError(() => validateOptions(options));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(new RegExp(`^startSecureLogging: ${field.replace(/\./g, '\\.')} is not a known option`));
    expect(e.message).toMatch(hint);
  });

  it.each([
    [{ keys: { hmacKey: 7 } }, 'options.keys.hmacKey', /must be a Uint8Array/],
    [{ keys: { pseudonymKey: 7 } }, 'options.keys.pseudonymKey', /must be a Uint8Array/],
    [{ keys: { signingKeyFile: 42 } }, 'options.keys.signingKeyFile', /must be the path of the key file/],
    [{ serviceName: 3 }, 'options.serviceName', /must be a non-empty string/],
    [{ mode: 'prod' }, 'options.mode', /must be one of 'production', 'development'/],
    [{ exporter: { kind: 'otlp', url: 'collector:4318' } }, 'options.exporter.url', /http:\/\/ or https:\/\//],
    [{ exporter: { kind: 'otlp', url: 'http://collector:4318' } }, 'options.exporter.url', /full logs URL/],
    [{ exporter: { kind: 'otlp', headers: { authorization: 1 } } }, 'options.exporter.headers.authorization', /string/],
    [{ exporter: { kind: 'otlp', compression: 'zstd' } }, 'options.exporter.compression', /'gzip', 'none'/],
    [{ exporter: { kind: 'file' } }, 'options.exporter.path', /required/],
    [{ exporter: { kind: 'kafka' } }, 'options.exporter.kind', /one of 'otlp', 'file', 'custom'/],
    [{ delivery: { maxQueueSize: 'big' } }, 'options.delivery.maxQueueSize', /non-negative integer/],
    [{ delivery: { spillPath: '' } }, 'options.delivery.spillPath', /file path or false/],
    [{ checkpoint: { leafList: 'yes' } }, 'options.checkpoint.leafList', /true or false/],
    [{ env: { NODE_ENV: 1 } }, 'options.env.NODE_ENV', /must be a string/],
    [{ resourceAttributes: { team: { a: 1 } } }, 'options.resourceAttributes.team', /string, number, boolean/],
    [{ redaction: { hmac: {} } }, 'options.redaction.hmac', /from options\.keys/],
    [{ notice: 'stderr' }, 'options.notice', /function/],
  ])('names the field of every type error: %j', (options, field, problem) => {
    const e = configError(() => validateOptions(options));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(problem);
  });

  it('never repeats a value: not a header value, not a URL with a token, not a key', () => {
    const token = 'tok_9f8e7d6c5b4a39281706';
    for (const options of [
      { exporter: { kind: 'otlp', headers: { authorization: [token] } } },
      { exporter: { kind: 'otlp', url: `collector:4318/?key=${token}` } },
      { exporter: { kind: 'otlp', url: `http://user:${token}@collector:4318/v1/logs` } },
      { keys: { hmacKey: token } },
      { mode: token },
    ]) {
      expect(configError(() => validateOptions(options)).message).not.toContain(token);
    }
  });

  it('names the entry point it validates for', () => {
    const e = configError(() => validateOptions({ serviceName: '' }, 'secureLogRecordProcessors'));
    expect(e.message).toMatch(/^secureLogRecordProcessors: options\.serviceName/);
  });
});

describe('component errors carry the path the user wrote', () => {
  it('integrity ranges: options.delivery.* and options.checkpoint.*', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seclog-opt-'));
    const queue = configError(() => startSecureLogging({ ...quiet, archiveDir: dir, delivery: { maxQueueSize: 0 } }));
    expect(queue.message).toMatch(/^startSecureLogging: options\.delivery\.maxQueueSize must be an integer from 1/);
    const records = configError(() =>
      startSecureLogging({ ...quiet, archiveDir: dir, checkpoint: { maxRecords: 100_000 } }),
    );
    expect(records.field).toBe('options.checkpoint.maxRecords');
  });

  it('redaction policy: options.redaction.*', () => {
    const e = configError(() =>
      // A name the types refuse, as JavaScript or a config file can pass it.
      startSecureLogging({ ...quiet, redaction: { detectors: { NOT_A_DETECTOR: { enabled: true } } as never } }),
    );
    expect(e.field).toBe('options.redaction.detectors.NOT_A_DETECTOR');
    expect(e.message).toMatch(/^startSecureLogging: options\.redaction\.detectors\.NOT_A_DETECTOR is not a known/);
  });

  it('environment variables: a malformed endpoint, timeout or TLS file is a start-up error naming the variable', () => {
    const cases: [NodeJS.ProcessEnv, string][] = [
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
      [{ OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://collector:4318' }, 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT'],
      [{ OTEL_LOGS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' }, 'OTEL_EXPORTER_OTLP_TIMEOUT'],
      [
        { OTEL_LOGS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE: '/nope/ca.pem' },
        'OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE',
      ],
      [{ OTEL_LOGS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_COMPRESSION: 'br' }, 'OTEL_EXPORTER_OTLP_COMPRESSION'],
    ];
    for (const [env, variable] of cases) {
      expect(configError(() => startSecureLogging({ ...quiet, env })).field).toBe(variable);
    }
  });
});

describe('the env option reaches every component', () => {
  it('sends to the endpoint, headers and protocol of options.env, not those of process.env', async () => {
    const received: { path: string; type?: string; tenant?: string; stray?: string }[] = [];
    const handler = (into: typeof received) =>
      createServer(async (req: IncomingMessage, res) => {
        for await (const _ of req);
        into.push({
          path: req.url ?? '',
          type: req.headers['content-type'],
          tenant: req.headers['x-tenant'] as string | undefined,
          stray: req.headers['x-from-process-env'] as string | undefined,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    const chosen = handler(received);
    const elsewhere: typeof received = [];
    const wrong = handler(elsewhere);
    const chosenBase = await listen(chosen);
    const wrongBase = await listen(wrong);
    stops.push(
      () => new Promise<void>((r) => chosen.close(() => r())),
      () => new Promise<void>((r) => wrong.close(() => r())),
    );

    const saved = { ...process.env };
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = wrongBase;
    process.env.OTEL_EXPORTER_OTLP_HEADERS = 'x-from-process-env=1';
    process.env.OTEL_SERVICE_NAME = 'from-process-env';
    let secure: ReturnType<typeof startSecureLogging>;
    try {
      secure = startSecureLogging({
        ...quiet,
        env: {
          OTEL_EXPORTER_OTLP_ENDPOINT: `${chosenBase}/tenant-a`,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'x-tenant=a%20b',
          OTEL_SERVICE_NAME: 'from-options-env',
        },
      });
    } finally {
      for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_SERVICE_NAME']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
    // The process variables were only hidden while the exporter was built.
    expect(process.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(saved.OTEL_EXPORTER_OTLP_ENDPOINT);
    expect(secure.exporterDescription).toBe('otlp http/json (endpoint from OTEL_EXPORTER_OTLP_ENDPOINT)');
    secure.loggerProvider.getLogger('t').emit({ body: 'hello' });
    await secure.shutdown();

    expect(elsewhere).toEqual([]);
    expect(received.length).toBeGreaterThan(0);
    for (const r of received) {
      expect(r).toMatchObject({ path: '/tenant-a/v1/logs', tenant: 'a b' });
      expect(r.type).toMatch(/json/);
      expect(r.stray).toBeUndefined();
    }
  });

  it('reads NODE_ENV, the key variables and the resource variables from options.env', () => {
    const e = configError(() =>
      startSecureLogging({ handleSignals: false, registerGlobal: false, env: { NODE_ENV: 'production' } }),
    );
    expect(e.field).toBe('SECLOG_SIGNING_KEY_FILE');
    const dir = mkdtempSync(join(tmpdir(), 'seclog-opt-'));
    const options: SecureLoggingOptions = {
      ...quiet,
      env: { OTEL_SERVICE_NAME: 'env-shop', SECLOG_ARCHIVE_DIR: dir },
    };
    const secure = startSecureLogging(options);
    stops.push(secure.shutdown);
    expect(secure.archivePath).toBe(join(dir, 'env-shop.otlp.jsonl'));
  });
});
