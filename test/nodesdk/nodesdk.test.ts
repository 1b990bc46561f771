/**
 * seclog inside the real @opentelemetry/sdk-node: the auto-instrumentations' pino and winston bridges, the OTel API
 * and seclog's builders all land in a sealed, redacted archive that verifies after the process has exited with the
 * public key development mode saved next to it; and startSecureLogging after sdk.start() says what to do instead.
 * Each app runs in its own process (NodeSDK sets process-wide globals and patches module loading).
 */
import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyArchive } from '@seclog/integrity';
import { describe, expect, it } from 'vitest';

const here = import.meta.dirname;

/** Runs a fixture app with OTLP traces and metrics off (loopback-only tests), returns its JSON line. */
function runFixture(name: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, [join(here, 'fixtures', name), ...args], {
    cwd: here,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      ...env,
    },
  });
  if (run.status !== 0) throw new Error(`${name} exited ${run.status}: ${run.stderr}`);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  return { output: JSON.parse(last), stderr: run.stderr };
}

interface ArchivedRecord {
  scope: string;
  body: string;
  eventName?: string;
}

function archivedRecords(path: string): { records: ArchivedRecord[]; resources: string[] } {
  const records: ArchivedRecord[] = [];
  const resources: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n').filter(Boolean)) {
    for (const rl of JSON.parse(line).resourceLogs) {
      resources.push(JSON.stringify(rl.resource));
      for (const sl of rl.scopeLogs)
        for (const r of sl.logRecords)
          records.push({ scope: sl.scope.name, body: JSON.stringify(r.body ?? ''), eventName: r.eventName });
    }
  }
  return { records, resources };
}

describe('secureLogRecordProcessors in NodeSDK', () => {
  it('seals pino, winston, API and security-event records; redacts them and the resource; verifies after exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seclog-nodesdk-'));
    const { output } = runFixture('nodesdk-app.ts', [dir, '--db-password=hunter2-argv-secret'], {
      // How NodeSDK users turn the SDK's own log export off: it must not turn seclog off.
      OTEL_LOGS_EXPORTER: 'none',
    });
    expect(output.archivePath).toBe(join(dir, 'sdk-shop.otlp.jsonl'));
    expect(output.publicKeyPath).toBe(join(dir, 'sdk-shop.otlp.pub.pem'));
    expect(output.delivery).toMatchObject({ droppedRecords: 0, undeliveredRecords: 0, refusedRecords: 0 });
    expect(output.notices.join('\n')).toMatch(/OTEL_LOGS_EXPORTER=none .* still writes to file/);

    const { records, resources } = archivedRecords(output.archivePath);
    const scopes = new Set(records.map((r) => r.scope));
    expect(scopes).toContain('@opentelemetry/instrumentation-pino');
    expect(scopes).toContain('@opentelemetry/winston-transport');
    expect(scopes).toContain('app');
    expect(scopes).toContain('@seclog/semconv');
    expect(records.some((r) => r.body.includes('pino login for'))).toBe(true);
    expect(records.some((r) => r.body.includes('winston charged card'))).toBe(true);
    expect(records.filter((r) => r.eventName === 'security_event.authentication.login').length).toBeGreaterThan(0);

    const archive = readFileSync(output.archivePath, 'utf8');
    for (const secret of [
      'hunter2-pino-secret',
      'dana@corp-mail.net',
      '4111 1111 1111 1111',
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      '203.0.113.5',
      // NodeSDK's process detector puts the command line in the resource; seclog redacts NodeSDK's resource too.
      'hunter2-argv-secret',
    ]) {
      expect(archive).not.toContain(secret);
    }
    expect(resources.join('\n')).toContain('process.command_args');
    expect(resources.join('\n')).toContain('"sdk-shop"');

    const pem = readFileSync(output.publicKeyPath, 'utf8');
    const report = await verifyArchive([output.archivePath], { trust: { publicKeys: [createPublicKey(pem)] } });
    expect(report.verdict).toBe('valid');
    for (const stream of report.streams) expect(stream.finalCheckpoint).toBe(true);

    // What holds for hostile values (documented in packages/node/README.md, NodeSDK section): seclog's builders do
    // not throw (the event that could not be read is reported, emit_failed); NodeSDK's own Logger.emit reads the
    // attributes before any processor runs, and throws there, as it does without seclog.
    expect(output.builderThrew).toBe(false);
    expect(output.notices.join('\n')).toMatch(/did not conform \(emit_failed\)/);
    expect(output.sdkEmitThrew).toBe(true);
  });

  it('startSecureLogging after sdk.start() refuses with the NodeSDK integration to use instead', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seclog-nodesdk-'));
    const { output } = runFixture('start-after-nodesdk.ts', [dir]);
    expect(output.refusal).toMatchObject({ name: 'SecureLoggingConfigError', field: 'options.registerGlobal' });
    expect(output.refusal.message).toMatch(/SDK LoggerProvider is already registered .*NodeSDK/);
    expect(output.refusal.message).toContain('new NodeSDK({ logRecordProcessors: seclog');
    expect(output.refusal.message).toContain('secureLogRecordProcessors(');
  });
});
