/**
 * Identities survive the collector's safety net as keyed pseudonyms (collector-config `redaction/identities`), in the
 * real otelcol-seclog with gateway.yaml: a password spray against 12 e-mail accounts, sent unsealed over OTLP, still
 * shows 12 distinct accounts in the archive (the safety net's e-mail mask alone made them one "****"), the same input
 * always gets the same token (HMAC-SHA256 with the configured key), secrets are still masked, and the detection pack
 * replayed over the archive fires its password-spraying rule.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '@seclog/cli';
import { describe, expect, it } from 'vitest';
import {
  collectorConfigPath,
  dummyCollectorEnv,
  postOtlpJson,
  startCollector,
  useCollectorWorkdir,
  waitForArchiveLines,
} from './support/collector.js';
import { attributeOf, logRecordsOf, type OtlpLogRecord } from './support/otlp-lines.js';

const e2e = useCollectorWorkdir('seclog-e2e-identities-');

const attr = (r: OtlpLogRecord, key: string) => attributeOf(r, key)?.stringValue;
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

const ACCOUNTS = Array.from({ length: 12 }, (_, i) => `victim${i + 1}@example.com`);
const START_NS = BigInt(Date.parse('2026-11-26T10:11:00.000Z')) * 1_000_000n;

/** One failed login, as an application without the seclog SDK would send it (no seal attributes). */
function failedLogin(account: string, i: number) {
  return {
    eventName: 'security_event.authentication.login',
    timeUnixNano: String(START_NS + BigInt(i) * 20_000_000_000n),
    attributes: [
      str('security_event.category', 'authentication'),
      str('security_event.outcome', 'failure'),
      str('error.type', 'invalid_credentials'),
      str('security_event.actor.type', 'anonymous'),
      str('security_event.auth.method', 'password'),
      str('user.name', account),
      str('client.address', '203.0.113.66'),
    ],
  };
}

/** Sends the spray to a collector running `configPath` and returns the archived login names. */
async function sprayThrough(configPath: string, name: string, key: string): Promise<string[]> {
  const archive = join(e2e.workdir(), name, 'logs.jsonl');
  const collector = await startCollector(configPath, {
    ...dummyCollectorEnv(join(e2e.workdir(), name)),
    SECLOG_ARCHIVE_PATH: archive,
    SECLOG_STORAGE_DIR: join(e2e.workdir(), name, 'storage'),
    SECLOG_IDENTITY_HMAC_KEY: key,
  });
  try {
    const request = {
      resourceLogs: [
        {
          resource: { attributes: [str('service.name', 'legacy-php')] },
          scopeLogs: [{ scope: {}, logRecords: ACCOUNTS.map(failedLogin) }],
        },
      ],
    };
    expect(await postOtlpJson(collector.otlpLogsUrl, request)).toBe(200);
    const lines = await waitForArchiveLines(archive, (l) => logRecordsOf(l).length >= ACCOUNTS.length, 15_000);
    return logRecordsOf(lines).map((r) => attr(r, 'user.name') ?? '');
  } finally {
    await collector.stop();
  }
}

describe('identities through the collector safety net (gateway.yaml, unsealed OTLP)', () => {
  it('before redaction/identities: the safety net alone turns 12 accounts into one "****"', async () => {
    // The same gateway.yaml without the identities stage, i.e. the configs as they were.
    const without = join(e2e.workdir(), 'gateway-without-identities.yaml');
    const text = readFileSync(collectorConfigPath('gateway.yaml'), 'utf8');
    expect(text).toContain('filter/unsealed_only, redaction/identities, redaction/safety_net');
    writeFileSync(without, text.replace('redaction/identities, redaction/safety_net', 'redaction/safety_net'));
    const names = await sprayThrough(without, 'before', randomBytes(32).toString('hex'));
    expect(names).toHaveLength(ACCOUNTS.length);
    expect(new Set(names)).toEqual(new Set(['****']));
  });

  it('keeps N distinct accounts as keyed, repeatable pseudonyms; secrets stay masked; spraying fires', async () => {
    const key = randomBytes(32).toString('hex');
    const archive = join(e2e.workdir(), 'archive', 'logs.jsonl');
    const collector = await startCollector(collectorConfigPath('gateway.yaml'), {
      ...dummyCollectorEnv(e2e.workdir()),
      SECLOG_ARCHIVE_PATH: archive,
      SECLOG_STORAGE_DIR: join(e2e.workdir(), 'storage'),
      SECLOG_IDENTITY_HMAC_KEY: key,
    });
    try {
      const logRecords = [
        ...ACCOUNTS.map(failedLogin),
        failedLogin(ACCOUNTS[0] as string, ACCOUNTS.length), // the same account again: the same token
        {
          eventName: 'app.debug',
          timeUnixNano: String(START_NS),
          attributes: [str('password', 'hunter2-hunter2'), str('note', 'mail bob@example.com about it')],
        },
      ];
      const request = {
        resourceLogs: [
          { resource: { attributes: [str('service.name', 'legacy-php')] }, scopeLogs: [{ scope: {}, logRecords }] },
        ],
      };
      expect(await postOtlpJson(collector.otlpLogsUrl, request)).toBe(200);
      const lines = await waitForArchiveLines(archive, (l) => logRecordsOf(l).length >= logRecords.length, 15_000);
      const logins = logRecordsOf(lines).filter((r) => r.eventName === 'security_event.authentication.login');
      expect(logins).toHaveLength(ACCOUNTS.length + 1);
      const names = logins.map((r) => attr(r, 'user.name') ?? '');

      // N distinct accounts, none masked to one value, none in clear.
      expect(new Set(names).size).toBe(ACCOUNTS.length);
      for (const n of names) {
        expect(n).toMatch(/^[0-9a-f]{64}$/);
        expect(n).not.toContain('*');
      }
      // Keyed and repeatable: HMAC-SHA256(key, value), the same for the same input.
      expect(names[0]).toBe(
        createHmac('sha256', key)
          .update(ACCOUNTS[0] as string)
          .digest('hex'),
      );
      expect(names.at(-1)).toBe(names[0]);
      // The safety net still masks secrets and free-text e-mail addresses.
      const debug = logRecordsOf(lines).find((r) => r.eventName === 'app.debug');
      expect(attr(debug!, 'password')).toBe('****');
      expect(attr(debug!, 'note')).toBe('mail **** about it');

      // The detection pack sees the spray: 12 distinct accounts from one source within ten minutes.
      let out = '';
      const io = { stdout: { write: (c: string) => (out += c) }, stderr: { write: () => true }, stderrIsTTY: false };
      expect(await runCli(['alerts', 'replay', '--format', 'json', archive], io)).toBe(0);
      const report = JSON.parse(out) as { rules: { alert: string; alerts: { records: unknown[] }[] }[] };
      const spraying = report.rules.find((r) => r.alert === 'password_spraying');
      expect(spraying?.alerts).toHaveLength(1);
      expect(spraying?.alerts[0]?.records).toHaveLength(ACCOUNTS.length + 1);
    } finally {
      await collector.stop();
    }
  });
});
