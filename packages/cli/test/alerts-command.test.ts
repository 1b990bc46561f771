/**
 * `seclog alerts replay` over a sealed archive: a brute force fires the pack's rule, the JSON has the documented shape,
 * every alert names the stream/seq of its records, and those records verify with `seclog verify`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { ed25519Signer, IntegrityProcessor } from '@seclog/integrity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRecords } from '../src/alerts-command.js';
import type { CliIo } from '../src/cli-io.js';
import { runCli } from '../src/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'seclog-alerts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const archive = join(dir, 'logs.jsonl');
const pubPem = join(dir, 'pub.pem');
const START = Date.parse('2026-11-26T10:00:30.000Z');

function io() {
  const out = { stdout: '', stderr: '' };
  const sinks: CliIo = {
    stdout: { write: (c: string) => (out.stdout += c) },
    stderr: { write: (c: string) => (out.stderr += c) },
    stderrIsTTY: false,
  };
  return { out, sinks };
}

beforeAll(async () => {
  const ed = generateKeyPairSync('ed25519');
  writeFileSync(pubPem, ed.publicKey.export({ type: 'spki', format: 'pem' }));
  const exported: ReadableLogRecord[] = [];
  const exporter: LogRecordExporter = {
    export: (records, done) => {
      exported.push(...records);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
    forceFlush: async () => {},
  };
  const processor = new IntegrityProcessor({
    exporter,
    signer: ed25519Signer(ed.privateKey, { keyName: 'shop' }),
    checkpoint: { maxRecords: 8, maxIntervalMs: 3_600_000, heartbeatMs: 3_600_000 },
  });
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop' }),
    processors: [processor],
  });
  const logger = provider.getLogger('@seclog/semconv');
  // One legitimate login, then eleven wrong passwords for one account within three minutes.
  logger.emit({
    eventName: 'security_event.authentication.login',
    timestamp: START - 20_000,
    attributes: {
      'security_event.category': 'authentication',
      'security_event.outcome': 'success',
      'security_event.actor.type': 'user',
      'user.id': 'u_1',
      'user.name': 'alice@example.com',
      'security_event.auth.method': 'password',
      'security_event.auth.mfa.used': true,
      'session.id': 's1',
      'client.address': '198.51.100.7',
    },
  });
  for (let i = 0; i < 11; i++) {
    logger.emit({
      eventName: 'security_event.authentication.login',
      timestamp: START + i * 15_000,
      attributes: {
        'security_event.category': 'authentication',
        'security_event.outcome': 'failure',
        'error.type': 'invalid_credentials',
        'security_event.actor.type': 'anonymous',
        'user.name': 'bob@example.com',
        'security_event.auth.method': 'password',
        'client.address': '203.0.113.66',
      },
    });
  }
  await provider.shutdown();
  await new Promise((r) => setImmediate(r));
  const lines: string[] = [];
  for (let i = 0; i < exported.length; i += 5) {
    lines.push(new TextDecoder().decode(JsonLogsSerializer.serializeRequest(exported.slice(i, i + 5))));
  }
  writeFileSync(archive, `${lines.join('\n')}\n`);
});

describe('seclog alerts replay', () => {
  it('reports the brute force with its group key and the stream/seq of all eleven failures (JSON)', async () => {
    const { out, sinks } = io();
    expect(await runCli(['alerts', 'replay', '--format', 'json', archive], sinks)).toBe(0);
    const report = JSON.parse(out.stdout) as {
      rules: {
        id: string;
        title: string;
        alert: string;
        alerts: { time: string; group: object; records: object[] }[];
      }[];
    };
    for (const rule of report.rules) expect(Object.keys(rule).sort()).toEqual(['alert', 'alerts', 'id', 'title']);
    const firing = report.rules.filter((r) => r.alerts.length > 0);
    expect(firing.map((r) => r.alert)).toEqual(['brute_force']);
    const [alert] = firing[0]?.alerts ?? [];
    expect(alert?.group).toEqual({ 'user.name': 'bob@example.com' });
    expect(alert?.time).toBe(new Date(START + 10 * 15_000).toISOString());
    expect(alert?.records).toHaveLength(11);
    const records = alert?.records as { stream: string; seq: number }[];
    expect(new Set(records.map((r) => r.stream)).size).toBe(1);
    // The legitimate login is seq 1 (genesis is 0): the failures are seq 2–12.
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 2));

    // Those records are verified evidence: the same stream verifies VALID.
    const verify = io();
    expect(await runCli(['verify', '--public-key', pubPem, '--format', 'json', archive], verify.sinks)).toBe(0);
    expect(verify.out.stdout).toContain(records[0]?.stream);
  });

  it('prints a text summary with folded seq ranges', async () => {
    const { out, sinks } = io();
    expect(await runCli(['alerts', 'replay', archive], sinks)).toBe(0);
    expect(out.stdout).toMatch(/ALERT {2}brute_force .*— 1 alert\n/);
    expect(out.stdout).toMatch(/user\.name=bob@example\.com: 11 record\(s\): \S+ seq 2–12\n/);
    expect(out.stdout).toMatch(/Results: 12 security events, \d+ rules, 1 firing, 1 alert\.\n/);
    expect(out.stdout).toMatch(/\nEvidence: not verified \(pass --public-key .*\)\.\n$/);
  });

  it('refuses bad usage and unopenable inputs with exit 3', async () => {
    for (const args of [
      ['alerts'],
      ['alerts', 'play', archive],
      ['alerts', 'replay'],
      ['alerts', 'replay', '--format', 'xml', archive],
    ]) {
      const { sinks } = io();
      expect(await runCli(args, sinks), args.join(' ')).toBe(3);
    }
    const { out, sinks } = io();
    expect(await runCli(['alerts', 'replay', join(dir, 'missing.jsonl')], sinks)).toBe(3);
    expect(out.stderr).toMatch(/^seclog alerts: /);
  });

  it('folds consecutive seqs per stream and counts unsealed records', () => {
    expect(
      describeRecords([
        { stream: 'a', seq: 3 },
        { stream: 'a', seq: 4 },
        { stream: 'a', seq: 7 },
        { stream: null, seq: null },
      ]),
    ).toBe('a seq 3–4, 7; 1 unsealed record');
  });
});

describe('seclog alerts replay with a trusted key: the evidence of every alert is verified', () => {
  type Checked = {
    rules: { alert: string; alerts: { group: object; records: { stream: string | null; status: string }[] }[] }[];
    evidence: { verified: boolean; verdict?: string; recordsNotValid?: number };
  };
  async function replay(file: string, extra: string[] = []) {
    const { out, sinks } = io();
    const code = await runCli(['alerts', 'replay', '--public-key', pubPem, ...extra, file], sinks);
    return { code, out };
  }
  function variant(name: string, edit: (text: string) => string): string {
    const file = join(dir, name);
    writeFileSync(file, edit(readFileSync(archive, 'utf8')));
    return file;
  }
  const firing = (r: Checked) => r.rules.filter((rule) => rule.alerts.length > 0);

  it('marks every record VALID on an untouched archive, and exits 0', async () => {
    const { code, out } = await replay(archive, ['--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out.stdout) as Checked;
    expect(report.evidence).toEqual({
      verified: true,
      verdict: 'valid',
      verdictReason: expect.any(String),
      recordsNotValid: 0,
    });
    const records = firing(report)[0]?.alerts[0]?.records ?? [];
    expect(records).toHaveLength(11);
    expect(new Set(records.map((r) => r.status))).toEqual(new Set(['VALID']));
    const text = await replay(archive);
    expect(text.out.stdout).toMatch(/: 11 record\(s\): \S+ seq 2–12 — evidence VALID\n/);
    expect(text.out.stdout).toMatch(/\nEvidence: archive valid \(.*\); every alert record VALID\.\n$/);
  });

  it('names a modified record among the evidence of an alert, and exits 1', async () => {
    // The first wrong password (seq 2) gets another client address after sealing.
    const tampered = variant('tampered.jsonl', (t) => t.replace('203.0.113.66', '203.0.113.67'));
    const { code, out } = await replay(tampered, ['--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out.stdout) as Checked;
    const statuses = (firing(report)[0]?.alerts[0]?.records ?? []).map((r) => r.status);
    expect(statuses.filter((s) => s === 'MODIFIED')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'VALID')).toHaveLength(10);
    expect(report.evidence).toMatchObject({ verdict: 'failed', recordsNotValid: 1 });
    expect((await replay(tampered)).out.stdout).toMatch(/— evidence NOT VALID: MODIFIED ×1\n/);
  });

  it('does not take forged records as evidence: an alert from unsealed lines is marked FOREIGN', async () => {
    // Whoever can write to the archive adds eleven unsealed failed logins for carol.
    const attribute = (key: string, stringValue: string) => ({ key, value: { stringValue } });
    const logRecords = Array.from({ length: 11 }, (_, i) => ({
      timeUnixNano: `${(START + i * 10_000) * 1_000_000}`,
      eventName: 'security_event.authentication.login',
      attributes: [
        attribute('security_event.category', 'authentication'),
        attribute('security_event.outcome', 'failure'),
        attribute('error.type', 'invalid_credentials'),
        attribute('security_event.actor.type', 'anonymous'),
        attribute('user.name', 'carol@example.com'),
        attribute('security_event.auth.method', 'password'),
        attribute('client.address', '203.0.113.99'),
      ],
    }));
    const line = JSON.stringify({
      resourceLogs: [{ resource: { attributes: [attribute('service.name', 'shop')] }, scopeLogs: [{ logRecords }] }],
    });
    const forged = variant('forged.jsonl', (t) => `${t}${line}\n`);
    const { code, out } = await replay(forged, ['--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out.stdout) as Checked;
    const carol = firing(report)
      .flatMap((r) => r.alerts)
      .find((a) => JSON.stringify(a.group).includes('carol'));
    expect(carol?.records).toHaveLength(11);
    expect(new Set(carol?.records.map((r) => r.status))).toEqual(new Set(['FOREIGN']));
    const bob = firing(report)
      .flatMap((r) => r.alerts)
      .find((a) => JSON.stringify(a.group).includes('bob'));
    expect(new Set(bob?.records.map((r) => r.status))).toEqual(new Set(['VALID']));
  });

  it('does not let a quiet rule pass on an archive that lost records: exit 1 with the verdict', async () => {
    // Deleting the lines that hold most of the wrong passwords silences the brute-force rule.
    const cut = variant('cut.jsonl', (t) => {
      const lines = t.split('\n');
      const keep = lines.filter((l, i) => !(l.includes('203.0.113.66') && i > 0 && i < lines.length - 2));
      return keep.join('\n');
    });
    const { code, out } = await replay(cut);
    expect(out.stdout).not.toMatch(/^ALERT/m);
    expect(code).toBe(1);
    expect(out.stdout).toMatch(/\nEvidence: archive failed \(.*MISSING.*\); every alert record VALID\.\n$/);
  });

  it('refuses unusable trust options with exit 3, never echoing what may be key material', async () => {
    const pemText = readFileSync(pubPem, 'utf8');
    for (const args of [
      ['--public-key', join(dir, 'no-such.pem')],
      ['--witness-key', pubPem, '--public-key', pubPem],
      ['--public-key', pemText],
      [`--private-key=${pemText}`],
    ]) {
      const { out, sinks } = io();
      expect(await runCli(['alerts', 'replay', ...args, archive], sinks), args[0]).toBe(3);
      expect(out.stderr).toMatch(/^seclog alerts: /);
      expect(out.stderr).not.toContain('BEGIN PUBLIC KEY');
      expect(out.stderr).not.toContain(pemText.split('\n')[1] ?? 'x');
    }
  });
});
