/**
 * Done-when of the detections issue, through the real `seclog` binary: every seed alert has a rule that fires on its
 * attack scenario and stays silent on the benign day, replayed by `seclog alerts replay` over sealed archives written
 * by seclog's SDK chain (SecurityEventProcessor → IntegrityProcessor, strict conformance).
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { ALERT_CATEGORIES, ATTACKS, baselineDay, loadRulePack, type ScenarioEvent } from '@seclog/detections';
import { ed25519Signer, IntegrityProcessor } from '@seclog/integrity';
import {
  emitSecurityEvent,
  getSecurityEventLogger,
  type SecurityEventName,
  SecurityEventProcessor,
} from '@seclog/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'dist', 'bin.js');
const dir = mkdtempSync(join(tmpdir(), 'seclog-alerts-scenarios-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const nameOf = new Map(loadRulePack().rules.map((r) => [r.id, r.name]));

type Report = { rules: { id: string; alert: string; alerts: { records: { stream: string; seq: number }[] }[] }[] };

/** Seals the events through the SDK chain and writes them as the collector's file exporter would. */
async function sealedArchive(name: string, events: readonly ScenarioEvent[]): Promise<string> {
  const exported: ReadableLogRecord[] = [];
  const exporter: LogRecordExporter = {
    export: (records, done) => {
      exported.push(...records);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
    forceFlush: async () => {},
  };
  const integrity = new IntegrityProcessor({
    exporter,
    signer: ed25519Signer(generateKeyPairSync('ed25519').privateKey, { keyName: 'billing-api' }),
    checkpoint: { maxRecords: 64, maxIntervalMs: 3_600_000, heartbeatMs: 3_600_000 },
  });
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'billing-api' }),
    processors: [new SecurityEventProcessor({ next: integrity, mode: 'strict' })],
  });
  const logger = getSecurityEventLogger(provider);
  for (const e of events) {
    emitSecurityEvent(logger, e.name as SecurityEventName, e.attributes as never, {
      timestamp: e.time,
      mode: 'strict',
    });
  }
  await provider.shutdown();
  await new Promise((r) => setImmediate(r));
  const lines: string[] = [];
  for (let i = 0; i < exported.length; i += 50) {
    lines.push(new TextDecoder().decode(JsonLogsSerializer.serializeRequest(exported.slice(i, i + 50))));
  }
  const file = join(dir, `${name}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function replay(archive: string): Report {
  const run = spawnSync(process.execPath, [bin, 'alerts', 'replay', '--format', 'json', archive], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as Report;
}

const firing = (report: Report) =>
  report.rules
    .filter((r) => r.alerts.length > 0)
    .map((r) => nameOf.get(r.id))
    .sort();
const reports = new Map<string, Report>();

beforeAll(async () => {
  const day = baselineDay();
  reports.set('baseline', replay(await sealedArchive('baseline', day)));
  for (const attack of ATTACKS) {
    const events = [...day, ...attack.events()].sort((a, b) => a.time.getTime() - b.time.getTime());
    reports.set(attack.alert, replay(await sealedArchive(attack.alert, events)));
  }
}, 120_000);

describe('seclog alerts replay over the pack scenarios', () => {
  it('is silent on the benign day', () => {
    expect(firing(reports.get('baseline') as Report)).toEqual([]);
  });

  it('fires every alert category on its attack, and only the attack’s rules', () => {
    expect(new Set(ATTACKS.map((a) => a.alert))).toEqual(new Set(ALERT_CATEGORIES));
    for (const attack of ATTACKS) {
      const report = reports.get(attack.alert) as Report;
      expect(firing(report), attack.alert).toEqual([...attack.fires].sort());
      const first = report.rules.find((r) => nameOf.get(r.id) === attack.fires[0]);
      expect(first?.alerts[0]?.records, attack.alert).toHaveLength(attack.evidence);
      for (const record of first?.alerts[0]?.records ?? []) expect(record.seq).toBeGreaterThan(0);
    }
  });
});
