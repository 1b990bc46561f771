import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { selectLogExporter } from '../src/log-exporter-selection.js';
import { OtlpJsonFileExporter } from '../src/otlp-json-file-exporter.js';
import { SecureLoggingConfigError } from '../src/secure-logging-config-error.js';
import { buildServiceResource } from '../src/service-resource.js';
import { loadKeys } from '../src/signing-keys.js';

const dir = mkdtempSync(join(tmpdir(), 'seclog-cfg-'));
afterEach(() => vi.unstubAllEnvs());

describe('loadKeys', () => {
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const signingFile = join(dir, 'signing.pem');
  writeFileSync(signingFile, pem);
  const hmacHex = randomBytes(32).toString('hex');
  const hmacFile = join(dir, 'hmac.key');
  writeFileSync(hmacFile, `${hmacHex}\n`);

  it('refuses to start in production without a signing key, naming the variable', () => {
    expect(() => loadKeys({}, {}, true)).toThrow(
      /SECLOG_SIGNING_KEY_FILE is not set.*no signing key in production mode/,
    );
    expect(() => loadKeys({}, {}, true)).toThrow(SecureLoggingConfigError);
  });

  it('refuses to start in production without a pseudonym key, naming the variable', () => {
    expect(() => loadKeys({}, { SECLOG_SIGNING_KEY_FILE: signingFile }, true)).toThrow(
      /SECLOG_PSEUDONYM_KEY_FILE is not set.*no pseudonym key in production mode/,
    );
  });

  it('reads both keys from the SECLOG_* files (hex pseudonym key text decoded)', () => {
    const keys = loadKeys({}, { SECLOG_SIGNING_KEY_FILE: signingFile, SECLOG_PSEUDONYM_KEY_FILE: hmacFile }, true);
    expect(keys.ephemeral).toEqual({ signing: false, pseudonym: false });
    expect(keys.signingKey.asymmetricKeyType).toBe('ed25519');
    expect(keys.pseudonymKey.toString('hex')).toBe(hmacHex);
    expect(keys.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('generates ephemeral keys in development mode', () => {
    const keys = loadKeys({}, {}, false);
    expect(keys.ephemeral).toEqual({ signing: true, pseudonym: true });
    expect(keys.pseudonymKey.length).toBe(32);
  });

  it('rejects a non-Ed25519 key, a short HMAC key and an unreadable file without echoing key bytes', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => loadKeys({ signingKey: rsa }, {}, false)).toThrow(/keys.signingKey must be an Ed25519 private key/);
    const short = Buffer.from('0123456789abcdef');
    let message = '';
    try {
      loadKeys({ pseudonymKey: short }, {}, false);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/keys.pseudonymKey holds 16 bytes/);
    expect(message).not.toContain('0123456789abcdef');
    expect(() => loadKeys({ signingKeyFile: join(dir, 'missing.pem') }, {}, true)).toThrow(
      /options\.keys\.signingKeyFile ".*missing\.pem" cannot be read \(ENOENT\)/,
    );
  });
});

describe('selectLogExporter', () => {
  it('defaults to the embedded OTLP/JSON file when no OTLP endpoint is configured', () => {
    const s = selectLogExporter(undefined, {}, dir, 'shop api');
    expect(s.exporter).toBeInstanceOf(OtlpJsonFileExporter);
    expect(s.filePath).toBe(join(dir, 'shop_api.otlp.jsonl'));
  });

  it('switches to OTLP http/protobuf when OTEL_EXPORTER_OTLP_ENDPOINT is set, http/json on request', () => {
    const proto = selectLogExporter(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, dir, 's');
    expect(proto.description).toMatch(/^otlp http\/protobuf/);
    const json = selectLogExporter(
      undefined,
      {
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://127.0.0.1:4318/v1/logs',
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
      },
      dir,
      's',
    );
    expect(json.description).toMatch(/^otlp http\/json/);
    const general = selectLogExporter(
      undefined,
      { OTEL_LOGS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
      dir,
      's',
    );
    expect(general.description).toMatch(/^otlp http\/json/);
  });

  it('refuses grpc and unknown logs exporters instead of silently dropping security logs', () => {
    expect(() =>
      selectLogExporter(undefined, { OTEL_LOGS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, dir, 's'),
    ).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL must be .*protocol "grpc" is not supported/);
    expect(() => selectLogExporter(undefined, { OTEL_LOGS_EXPORTER: 'console' }, dir, 's')).toThrow(
      /OTEL_LOGS_EXPORTER is not supported by seclog/,
    );
  });

  it('keeps the security log on with OTEL_LOGS_EXPORTER=none (NodeSDK users set it) and says so once', () => {
    const notices: string[] = [];
    const s = selectLogExporter(undefined, { OTEL_LOGS_EXPORTER: 'none' }, dir, 's', {
      notice: (m) => notices.push(m),
    });
    expect(s.exporter).toBeInstanceOf(OtlpJsonFileExporter);
    expect(notices).toEqual([expect.stringMatching(/OTEL_LOGS_EXPORTER=none .*still writes to file .*s\.otlp\.jsonl/)]);
  });
});

describe('buildServiceResource', () => {
  it('honours OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES of the given environment, explicit options win', () => {
    const env = {
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_RESOURCE_ATTRIBUTES: 'service.version=9.9.9,deployment.environment.name=staging,team=pay%20ments',
    };
    // process.env is not read when another environment is given.
    vi.stubEnv('OTEL_SERVICE_NAME', 'from-process-env');
    const fromEnv = buildServiceResource({}, env).attributes;
    expect(fromEnv).toMatchObject({
      'service.name': 'from-env',
      'service.version': '9.9.9',
      'deployment.environment.name': 'staging',
      team: 'pay ments',
    });
    expect(fromEnv['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
    const explicit = buildServiceResource(
      { serviceName: 'shop', serviceVersion: '1.0.0', environment: 'prod' },
      {},
    ).attributes;
    expect(explicit).toMatchObject({
      'service.name': 'shop',
      'service.version': '1.0.0',
      'deployment.environment.name': 'prod',
    });
  });

  it('falls back to NODE_ENV and unknown_service:node', () => {
    const a = buildServiceResource({}, { NODE_ENV: 'test' }).attributes;
    expect(a['service.name']).toBe('unknown_service:node');
    expect(a['deployment.environment.name']).toBe('test');
  });
});
