// App → OTLP/HTTP → the real seclog collector (otelcol-seclog, built from collector-config/builder-config.yaml) →
// archive file / SIEM intake, then `seclog verify`. Needs Go (or a cached binary): scripts/collector/build.sh.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeverityNumber } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { OpenTelemetryTransportV3 } from '@opentelemetry/winston-transport';
import { verifyArchive } from '@seclog/integrity';
import { startSecureLogging } from '@seclog/node';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import winston from 'winston';
import { archiveRecords } from '../../examples/express-app/src/archive-summary.ts';
import { runScenario } from '../../examples/express-app/src/scenario.ts';
import { startApp } from './support/app-harness.ts';
import { type CaptureServer, parseOtlpJsonLogs, startOtlpHttpCapture } from './support/app-siem-capture.ts';
import {
  COLLECTOR_BUILD_TIMEOUT_MS,
  collectorConfigPath,
  ensureCollectorBinary,
  type RunningCollector,
  repoRoot,
  startCollector,
} from './support/collector.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

// SECLOG_OTELCOL_BINARY points at a prebuilt otelcol-seclog; otherwise scripts/collector/build.sh builds or reuses it.
let binary = '';
beforeAll(() => {
  binary = process.env.SECLOG_OTELCOL_BINARY ?? ensureCollectorBinary(); // fails here, clearly, if it cannot be had
}, COLLECTOR_BUILD_TIMEOUT_MS);

const PLANTED = {
  password: 'c0llector-Pa55word!',
  stripe: 'sk_live_9aK2mQ7xV4bN1cZ8dL3fH6jR',
  email: 'gina.plant@corp-mail.net',
  card: '4111111111111111',
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1LTk5In0.Zm9yZ2VkLXNpZ25hdHVyZS1ieXRlcy0xMjM0NTY3OA',
};

let describeState: () => string = () => '';

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; ${describeState()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function run(collector: RunningCollector) {
  cleanups.push(() => collector.stop());
  return collector;
}

/** Writes captured OTLP/JSON payloads as an archive file (one request per line), the verifier's input format. */
function captureToArchive(capture: CaptureServer, path: string): string {
  writeFileSync(
    path,
    capture.requests
      .filter((r) => r.path.endsWith('/v1/logs') && r.status === 200)
      .map((r) => `${JSON.stringify(JSON.parse(r.body))}\n`)
      .join(''),
  );
  return path;
}

/** What reached a capture server, for timeout messages. */
function describeCapture(capture: CaptureServer): string {
  const seen = capture.requests.map((r) => `${r.method} ${r.path} ${r.status} ${r.headers['content-type']}`);
  return `capture saw ${seen.length} request(s): ${seen.slice(-5).join(' | ')}`;
}

function finalCheckpointSeen(text: string): boolean {
  return /seclog\.integrity\.checkpoint/.test(text) && /\\nf\\n|\\nf /.test(text);
}

describe('app → OTLP/HTTP → real collector', () => {
  it('archive.yaml: the collector file archive verifies with `seclog verify` (exit 0, every record VALID), no planted secret in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seclog-e2e-col-'));
    const archive = join(dir, 'archive', 'logs.jsonl');
    const collector = run(
      await startCollector(
        collectorConfigPath('archive.yaml'),
        { SECLOG_ARCHIVE_PATH: archive, SECLOG_STORAGE_DIR: join(dir, 'state') },
        { binary },
      ),
    );
    const app = await startApp({
      serviceName: 'e2e-collector-shop',
      mode: 'development',
      exporter: { kind: 'otlp', protocol: 'http/protobuf', url: collector.otlpLogsUrl },
      checkpoint: { maxRecords: 32 },
    });
    const planted = await runScenario(app.base, app.store, app.ids);
    app.pinoLogger.warn({ password: PLANTED.password, note: `key ${PLANTED.stripe}` }, 'careless pino line');
    winston
      .createLogger({ transports: [new OpenTelemetryTransportV3()] })
      .error(`refund to ${PLANTED.email} card ${PLANTED.card}`);
    await app.stop();
    const signed = app.secure.publicKeyPem;
    await collector.stop('SIGTERM'); // the file exporter wrote each request before the collector answered it

    const files = readdirSync(join(dir, 'archive')).map((f) => join(dir, 'archive', f));
    const bytes = files.map((f) => readFileSync(f, 'utf8')).join('');
    const values = [...Object.values(PLANTED), ...Object.values(planted).flat()].filter((v) => v.length >= 6);
    expect(values.filter((v) => bytes.includes(v))).toEqual([]);

    const keyFile = join(dir, 'signing.pub.pem');
    writeFileSync(keyFile, signed);
    const cli = spawnSync(
      process.execPath,
      [join(repoRoot, 'packages/cli/dist/bin.js'), 'verify', '--format', 'json', '--public-key', keyFile, ...files],
      {
        encoding: 'utf8',
      },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const report = JSON.parse(cli.stdout) as {
      verdict: string;
      streams: { records: Record<string, number>; finalCheckpoint: boolean }[];
    };
    expect(report.verdict).toBe('valid');
    expect(report.streams).toHaveLength(1);
    expect(Object.keys(report.streams[0]?.records ?? {})).toEqual(['VALID']);
    expect(report.streams[0]?.records.VALID).toBeGreaterThan(60);
    expect(report.streams[0]?.finalCheckpoint).toBe(true);
    const events = archiveRecords(files).filter((r) => r.record.eventName?.startsWith('security_event.'));
    expect(events.length).toBeGreaterThan(20);
  });

  const SIEMS = [
    {
      config: 'elastic.yaml',
      endpointVar: 'SECLOG_ELASTIC_OTLP_ENDPOINT',
      env: { SECLOG_ELASTIC_API_KEY: 'e2e-key' },
      header: { name: 'authorization', value: 'ApiKey e2e-key' },
      // ECS fields added by the generated transform/seclog_ecs
      expected: {
        'event.action': { stringValue: 'security_event.authentication.login' },
        'event.outcome': { stringValue: 'failure' },
        'event.kind': { stringValue: 'event' },
      },
      present: ['event.category', 'event.type'],
    },
    {
      config: 'datadog.yaml',
      endpointVar: 'SECLOG_DATADOG_AGENT_OTLP_ENDPOINT',
      env: {},
      header: undefined,
      // Datadog standard attributes added by the generated transform/seclog_datadog
      expected: { 'evt.name': { stringValue: 'authentication' }, 'evt.outcome': { stringValue: 'failure' } },
      present: ['network.client.ip'],
    },
    {
      config: 'splunk.yaml',
      endpointVar: 'SECLOG_SPLUNK_OTLP_ENDPOINT',
      env: {},
      header: undefined,
      expected: { 'security_event.outcome': { stringValue: 'failure' } },
      present: [],
    },
  ] as const;

  it.each(SIEMS)(
    '$config: the SIEM intake gets sealed records unmodified (all VALID) and unsealed security events with its fields, all redacted',
    async (siem) => {
      const dir = mkdtempSync(join(tmpdir(), 'seclog-e2e-siem-'));
      const capture = await startOtlpHttpCapture(siem.header ? { requiredHeader: siem.header } : {});
      cleanups.push(() => capture.close());
      describeState = () => describeCapture(capture);
      const collector = run(
        await startCollector(
          collectorConfigPath(siem.config),
          {
            [siem.endpointVar]: capture.url,
            SECLOG_STORAGE_DIR: join(dir, 'state'),
            SECLOG_OTLP_EXPORT_ENCODING: 'json', // the capture server reads OTLP/JSON
            ...siem.env,
          },
          { binary },
        ),
      );
      // a sealed producer (seclog) …
      const secure = startSecureLogging({
        serviceName: 'e2e-siem-shop',
        mode: 'development',
        exporter: { kind: 'otlp', protocol: 'http/json', url: collector.otlpLogsUrl },
        handleSignals: false,
        notice: () => {},
        registerGlobal: false,
      });
      secure.security.authenticationLogin({
        outcome: 'failure',
        errorType: 'invalid_credentials',
        actorType: 'anonymous',
        authMethod: 'password',
        userName: 'gina',
        clientAddress: '203.0.113.44',
      });
      secure.loggerProvider.getLogger('app').emit({ body: `payment by ${PLANTED.email} with ${PLANTED.card}` });
      await secure.shutdown();
      // … and an unsealed one (plain OTel SDK, no seclog): the collector's safety net and SIEM transform apply
      const plain = new LoggerProvider({
        resource: resourceFromAttributes({ 'service.name': 'legacy-sender' }),
        processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: collector.otlpLogsUrl }) })],
      });
      plain.getLogger('legacy').emit({
        eventName: 'security_event.authentication.login',
        severityNumber: SeverityNumber.WARN,
        body: `login failed for ${PLANTED.email}`,
        attributes: {
          'security_event.category': 'authentication',
          'security_event.outcome': 'failure',
          'security_event.actor.type': 'anonymous',
          'security_event.auth.method': 'password',
          'error.type': 'invalid_credentials',
          'client.address': '198.51.100.99',
          password: PLANTED.password,
          'http.request.header.authorization': `Bearer ${PLANTED.jwt}`,
        },
      });
      await plain.shutdown();

      await until(
        () => parseOtlpJsonLogs(capture.requests).some((r) => JSON.stringify(r.resource).includes('legacy-sender')),
        'unsealed record at the intake',
      );
      await until(
        () => finalCheckpointSeen(capture.requests.map((r) => r.body).join('\n')),
        'final checkpoint at the intake',
      );
      const delivered = parseOtlpJsonLogs(capture.requests);
      const all = capture.requests.map((r) => r.body).join('\n');
      for (const v of Object.values(PLANTED)) expect(all).not.toContain(v);

      const sealed = delivered.filter((r) => r.record.attributes?.some((a) => a.key === 'seclog.integrity.stream'));
      expect(sealed.length).toBeGreaterThan(2);
      const report = await verifyArchive([captureToArchive(capture, join(dir, 'siem-copy.jsonl'))], {
        trust: { publicKeys: [secure.publicKeyPem] },
      });
      expect(report.streams).toHaveLength(1);
      expect(Object.keys(report.streams[0]?.records ?? {})).toEqual(['VALID']);
      expect(report.streams[0]?.finalCheckpoint).toBe(true);

      const unsealed = delivered.find((r) => JSON.stringify(r.resource).includes('legacy-sender'));
      const attr = (k: string) => unsealed?.record.attributes?.find((a) => a.key === k)?.value;
      for (const [k, v] of Object.entries(siem.expected)) expect(attr(k), k).toEqual(v);
      for (const k of siem.present) expect(attr(k), k).toBeDefined();
      await collector.stop();
    },
  );
});

/** How the gateway config is changed for a crash test (throws if the config no longer has what it edits). */
type QueueLayout = 'persistent' | 'in-memory' | 'batch-processor-before-persistent';

/**
 * gateway.yaml as shipped (`persistent`), with the next hop's sending queue in memory (the `storage:` line of its
 * `sending_queue` removed), or with a `batch` processor (1 s) put back at the end of every pipeline, in front of the
 * persistent queue: the layout that loses acknowledged records on a crash.
 */
function gatewayWith(layout: QueueLayout, dir: string): string {
  const path = collectorConfigPath('gateway.yaml');
  if (layout === 'persistent') return path;
  const yaml = readFileSync(path, 'utf8');
  let edited: string;
  if (layout === 'in-memory') {
    edited = yaml.replace(/(sending_queue:\n\s+enabled: true\n)\s+storage: file_storage\/queue[^\n]*\n/, '$1');
  } else {
    edited = yaml
      .replace(/\nprocessors:\n/, '\nprocessors:\n  batch:\n    send_batch_size: 1024\n    timeout: 1s\n')
      .replace(/(\n {6}processors: \[[^\]]*)\]/g, '$1, batch]');
  }
  if (edited === yaml || (layout !== 'in-memory' && !edited.includes('safety_net, batch]'))) {
    throw new Error(`gateway.yaml: cannot derive the ${layout} variant`);
  }
  const variant = join(dir, `gateway-${layout}.yaml`);
  writeFileSync(variant, edited);
  return variant;
}

describe('collector crash and restart', () => {
  /**
   * gateway.yaml → SIEM intake (capture). Batch A (20 sealed records) is acknowledged by the gateway; then the
   * gateway is killed (SIGKILL: a crash), either once the SIEM (answering 503) has refused a delivery attempt
   * (`after-refused-attempt`: the records were queued for retry) or at once when the OTLP request is answered
   * (`right-after-ack`: the SIEM is up, no delivery attempt is awaited). The gateway restarts on the same ports with
   * the SIEM up, the app sends batch B and shuts down (final checkpoint). Returns the verification of what the SIEM
   * and the gateway's archive received.
   */
  async function crashAndRestart(layout: QueueLayout, kill: 'after-refused-attempt' | 'right-after-ack') {
    const dir = mkdtempSync(join(tmpdir(), `seclog-e2e-fault-${layout}-`));
    let status = kill === 'after-refused-attempt' ? 503 : 200;
    const capture = await startOtlpHttpCapture({ status: () => status });
    cleanups.push(() => capture.close());
    describeState = () => describeCapture(capture);
    const archive = join(dir, 'archive', 'logs.jsonl');
    const env = {
      SECLOG_ARCHIVE_PATH: archive,
      SECLOG_STORAGE_DIR: join(dir, 'state'),
      SECLOG_NEXT_HOP_ENDPOINT: capture.url,
      SECLOG_FILELOG_INCLUDE: join(dir, 'no-files', '*.log'),
      SECLOG_OTLP_EXPORT_ENCODING: 'json',
    };
    const gateway = gatewayWith(layout, dir);
    const first = await startCollector(gateway, env, { binary });
    cleanups.push(() => first.stop());
    const secure = startSecureLogging({
      serviceName: 'e2e-fault',
      mode: 'development',
      exporter: { kind: 'otlp', protocol: 'http/json', url: first.otlpLogsUrl },
      handleSignals: false,
      notice: () => {},
      registerGlobal: false,
      checkpoint: { maxRecords: 16 },
    });
    const logger = secure.loggerProvider.getLogger('app');
    for (let i = 0; i < 20; i++) logger.emit({ body: `batch A record ${i}`, attributes: { i } });
    await secure.forceFlush(); // resolves when the gateway has answered the OTLP request (200)
    if (kill === 'after-refused-attempt') {
      await until(() => capture.requests.some((r) => r.status === 503), 'a refused delivery attempt to the SIEM');
    }
    await first.stop('SIGKILL');
    const deliveredBeforeCrash = capture.requests.filter((r) => r.status === 200).length;

    status = 200;
    const second = await startCollector(gateway, env, { binary, ports: first.ports });
    cleanups.push(() => second.stop());
    for (let i = 0; i < 20; i++) logger.emit({ body: `batch B record ${i}`, attributes: { i } });
    await secure.shutdown();
    const delivered = () =>
      capture.requests
        .filter((r) => r.status === 200)
        .map((r) => r.body)
        .join('\n');
    await until(() => finalCheckpointSeen(delivered()), 'final checkpoint at the SIEM');
    if (layout === 'persistent') {
      await until(() => delivered().includes('batch A record 0'), 'batch A after restart');
    } else {
      await new Promise((r) => setTimeout(r, 2500)); // give a (wrongly) surviving queue the chance to deliver
    }
    await second.stop();
    const trust = { trust: { publicKeys: [secure.publicKeyPem] } };
    return {
      deliveredBeforeCrash,
      siem: await verifyArchive([captureToArchive(capture, join(dir, 'siem-copy.jsonl'))], trust),
      archive: await verifyArchive([archive], trust),
    };
  }

  type Report = Awaited<ReturnType<typeof verifyArchive>>;
  function expectAllValid(report: Report, atLeast: number): void {
    expect(report.verdict).toBe('valid');
    expect(report.streams).toHaveLength(1);
    expect(Object.keys(report.streams[0]?.records ?? {})).toEqual(['VALID']);
    expect(report.streams[0]?.records.VALID).toBeGreaterThanOrEqual(atLeast);
    expect(report.streams[0]?.finalCheckpoint).toBe(true);
  }
  function expectBatchAMissing(report: Report): void {
    expect(report.verdict).toBe('failed');
    const stream = report.streams[0];
    expect(stream?.records.MISSING ?? 0).toBeGreaterThanOrEqual(20);
    expect(stream?.findings.some((f) => f.status === 'MISSING')).toBe(true);
    expect(stream?.records.VALID ?? 0).toBeGreaterThanOrEqual(20);
  }

  it('persistent queue, crash while the SIEM is down: nothing is lost, every record VALID', async () => {
    const { siem, archive } = await crashAndRestart('persistent', 'after-refused-attempt');
    expectAllValid(siem, 40);
    expectAllValid(archive, 40);
  });

  it('persistent queue, crash right after the gateway acknowledged, before any delivery: every record VALID after the restart', async () => {
    const { deliveredBeforeCrash, siem, archive } = await crashAndRestart('persistent', 'right-after-ack');
    expect(deliveredBeforeCrash).toBe(0); // batch A existed only in the gateway's queue when it was killed
    expectAllValid(siem, 40);
    expectAllValid(archive, 40); // the file exporter wrote it before the answer, too
  });

  it('in-memory queue, crash right after the acknowledgement: the loss is visible as MISSING, never silent', async () => {
    const { deliveredBeforeCrash, siem, archive } = await crashAndRestart('in-memory', 'right-after-ack');
    expect(deliveredBeforeCrash).toBe(0);
    expectBatchAMissing(siem);
    expectAllValid(archive, 40); // the archive is written synchronously, with or without a queue
  });

  it('in-memory queue, crash while the SIEM is down: the loss is visible as MISSING', async () => {
    const { siem } = await crashAndRestart('in-memory', 'after-refused-attempt');
    expectBatchAMissing(siem);
  });

  it('a `batch` processor in front of the persistent queue loses acknowledged records on a crash (why the configs have none)', async () => {
    const { deliveredBeforeCrash, siem, archive } = await crashAndRestart(
      'batch-processor-before-persistent',
      'right-after-ack',
    );
    expect(deliveredBeforeCrash).toBe(0);
    expectBatchAMissing(siem);
    expectBatchAMissing(archive); // the batch processor fed the file exporter too
  });
});
