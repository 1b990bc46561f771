import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logs, SeverityNumber } from '@opentelemetry/api';
import { logs as apiLogsRegistry } from '@opentelemetry/api-logs';
import { OpenTelemetryTransportV3 } from '@opentelemetry/winston-transport';
import { verifyArchive } from '@seclog/integrity';
import { afterEach, describe, expect, it } from 'vitest';
import winston from 'winston';
import { startSecureLogging } from '../src/start-secure-logging.js';
import { listen } from './support/memory-logs.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'seclog-start-'));
const quiet = { handleSignals: false, notice: () => {} } as const;
const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
  logs.disable();
  apiLogsRegistry.disable();
});

function recordsOf(path: string) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .flatMap((l) => JSON.parse(l).resourceLogs)
    .flatMap((rl: { resource: unknown; scopeLogs: { scope: { name: string }; logRecords: unknown[] }[] }) =>
      rl.scopeLogs.flatMap((sl) =>
        sl.logRecords.map((r) => ({ resource: rl.resource, scope: sl.scope.name, record: r })),
      ),
    ) as {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scope: string;
    record: { eventName?: string; body?: { stringValue?: string }; attributes: { key: string }[] };
  }[];
}

describe('startSecureLogging', () => {
  it('refuses to start in production without keys, naming the variables', () => {
    expect(() => startSecureLogging({ ...quiet, mode: 'production', env: {} })).toThrow(/SECLOG_SIGNING_KEY_FILE/);
    expect(() => startSecureLogging({ ...quiet, env: { NODE_ENV: 'production' } })).toThrow(
      /no signing key in production/,
    );
  });

  it('validates options at start-up with errors naming the field', () => {
    expect(() => startSecureLogging({ ...quiet, serviceName: '' })).toThrow(
      /options\.serviceName must be a non-empty string/,
    );
    expect(() => startSecureLogging({ ...quiet, exporter: { kind: 'otlp', protocol: 'grpc' as never } })).toThrow(
      /options\.exporter\.protocol/,
    );
    expect(() => startSecureLogging({ ...quiet, delivery: { maxQueueSize: -1 } })).toThrow(
      /options\.delivery\.maxQueueSize/,
    );
    expect(() => startSecureLogging({ ...quiet, delivery: { spillPath: '' } })).toThrow(/options\.delivery\.spillPath/);
    expect(() => startSecureLogging({ ...quiet, sampling: true } as never)).toThrow(
      /options\.sampling is not a known option/,
    );
  });

  it('seals, redacts and archives app, security-event, winston and api-logs records; the archive verifies VALID', async () => {
    const dir = tmp();
    const notices: string[] = [];
    const secure = startSecureLogging({
      serviceName: 'unit shop',
      serviceVersion: '2.0.0',
      mode: 'development',
      archiveDir: dir,
      handleSignals: false,
      notice: (m) => notices.push(m),
      resourceAttributes: { 'owner.email': 'ops-lead@corp-mail.net' },
    });
    stops.push(secure.shutdown);
    expect(secure.archivePath).toBe(join(dir, 'unit_shop.otlp.jsonl'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /development mode: generated ephemeral signing and pseudonym key.*seclog verify --public-key .*unit_shop\.otlp\.pub\.pem/,
    );
    expect(notices[0]).not.toMatch(/BEGIN|PRIVATE/);

    logs.getLogger('app').emit({
      severityNumber: SeverityNumber.INFO,
      body: 'login for dana@corp-mail.net with password=Sup3rS3cret!',
      attributes: { password: 'Sup3rS3cret!', 'order.id': 'o-17' },
    });
    winston.createLogger({ transports: [new OpenTelemetryTransportV3()] }).info('charged card 4111 1111 1111 1111');
    secure.security.authenticationLogin({
      outcome: 'failure',
      errorType: 'invalid_credentials',
      actorType: 'anonymous',
      authMethod: 'password',
      userName: 'dana',
      clientAddress: '203.0.113.5',
    });
    await new Promise((r) => setTimeout(r, 20));
    await secure.shutdown();

    const { findings } = secure.redactionStats();
    expect(findings['K1.credential:redact']).toBeGreaterThanOrEqual(1);
    expect(Object.keys(findings).some((k) => k.startsWith('EMAIL'))).toBe(true);
    expect(JSON.stringify(findings)).not.toContain('Sup3rS3cret');

    const bytes = readFileSync(secure.archivePath as string, 'utf8');
    for (const leak of [
      'dana@corp-mail.net',
      'Sup3rS3cret!',
      '4111 1111 1111 1111',
      'ops-lead@corp-mail.net',
      '203.0.113.5',
    ]) {
      expect(bytes).not.toContain(leak);
    }
    const records = recordsOf(secure.archivePath as string);
    const scopes = new Set(records.map((r) => r.scope));
    expect(scopes).toContain('app');
    expect(scopes).toContain('@opentelemetry/winston-transport');
    expect(scopes).toContain('@seclog/semconv');
    const login = records.find((r) => r.record.eventName === 'security_event.authentication.login');
    const loginKeys = login?.record.attributes.map((a: { key: string }) => a.key);
    expect(loginKeys).toEqual(
      expect.arrayContaining(['security_event.outcome', 'log.record.uid', 'seclog.integrity.seq']),
    );
    const resource = records[0]?.resource.attributes ?? [];
    const rattr = (k: string) => resource.find((a) => a.key === k)?.value.stringValue;
    expect(rattr('service.name')).toBe('unit shop');
    expect(rattr('service.version')).toBe('2.0.0');
    expect(rattr('deployment.environment.name')).toBeDefined();
    expect(rattr('service.instance.id')).toBeDefined();

    const report = await verifyArchive([secure.archivePath as string], {
      trust: { publicKeys: [secure.publicKeyPem] },
    });
    expect(report.verdict).toBe('valid');
    for (const s of report.streams) {
      expect(Object.keys(s.records)).toEqual(['VALID']);
      expect(s.finalCheckpoint).toBe(true);
    }
    // registrations are released on shutdown
    expect(logs.getLoggerProvider()).not.toBe(secure.loggerProvider);
  });

  it('ships OTLP http/json to the configured URL and http/protobuf via the OTEL_EXPORTER_OTLP_* variables', async () => {
    const received: { path: string; type: string | undefined; auth: string | undefined; body: Buffer }[] = [];
    const server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      received.push({
        path: req.url ?? '',
        type: req.headers['content-type'],
        auth: req.headers['x-api-key'] as string | undefined,
        body: Buffer.concat(chunks),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    const base = await listen(server);
    stops.push(() => new Promise<void>((r) => server.close(() => r())));

    const json = startSecureLogging({
      ...quiet,
      mode: 'development',
      registerGlobal: false,
      exporter: { kind: 'otlp', protocol: 'http/json', url: `${base}/v1/logs` },
    });
    json.loggerProvider.getLogger('t').emit({ body: 'token ghp_notreallyatoken and email eve@corp-mail.net' });
    await json.shutdown();
    const jsonBodies = received.filter((r) => r.type?.includes('json')).map((r) => r.body.toString('utf8'));
    expect(jsonBodies.length).toBeGreaterThan(0);
    expect(jsonBodies.join('\n')).toContain('seclog.integrity.stream');
    expect(jsonBodies.join('\n')).not.toContain('eve@corp-mail.net');

    process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT = `${base}/custom/logs`;
    process.env.OTEL_EXPORTER_OTLP_HEADERS = 'x-api-key=k-123';
    try {
      const proto = startSecureLogging({ ...quiet, mode: 'development', registerGlobal: false });
      expect(proto.exporterDescription).toMatch(/^otlp http\/protobuf/);
      proto.loggerProvider.getLogger('t').emit({ body: 'hello' });
      await proto.shutdown();
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT;
      delete process.env.OTEL_EXPORTER_OTLP_HEADERS;
    }
    const protoReq = received.find((r) => r.path === '/custom/logs');
    expect(protoReq?.type).toBe('application/x-protobuf');
    expect(protoReq?.auth).toBe('k-123');
  });

  it('on SIGTERM handled by the app too: flushes, keeps sealing the drain, and the final checkpoint covers it', async () => {
    const dir = tmp();
    const secure = startSecureLogging({ mode: 'development', archiveDir: dir, notice: () => {} });
    stops.push(secure.shutdown);
    // Another listener stands in for the app's own graceful shutdown, so the signal is not re-raised.
    const appListener = () => {};
    process.on('SIGTERM', appListener);
    try {
      logs.getLogger('app').emit({ body: 'before the signal' });
      process.emit('SIGTERM');
      logs.getLogger('app').emit({ body: 'during the drain' });
      expect(logs.getLoggerProvider()).toBe(secure.loggerProvider);
      await secure.shutdown();
    } finally {
      process.removeListener('SIGTERM', appListener);
    }
    const report = await verifyArchive([secure.archivePath as string], {
      trust: { publicKeys: [secure.publicKeyPem] },
    });
    expect(report.verdict).toBe('valid');
    expect(report.streams[0]?.finalCheckpoint).toBe(true);
    const bodies = recordsOf(secure.archivePath as string).map((r) => r.record.body?.stringValue);
    expect(bodies).toEqual(expect.arrayContaining(['before the signal', 'during the drain']));
  });
  // Runs after the notice test above: the ephemeral-key notice is shown once per process.
  it('refuses a second global start instead of letting logs bypass the first chain', async () => {
    const first = startSecureLogging({ ...quiet, mode: 'development', archiveDir: tmp() });
    stops.push(first.shutdown);
    expect(() => startSecureLogging({ ...quiet, mode: 'development', archiveDir: tmp() })).toThrow(
      /another global LoggerProvider is already registered/,
    );
    expect(logs.getLoggerProvider()).toBe(first.loggerProvider);
  });
});
