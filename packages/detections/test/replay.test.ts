/**
 * Every alerting rule of the pack, executed (pySigma → DuckDB SQL, run in DuckDB) over archives the real seclog SDK
 * wrote: each attack fires its rules on its own records, and the benign day fires nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSecurityEvents } from '../src/archive-records.js';
import { type ReplayReport, replayRules } from '../src/replay.js';
import { ALERT_CATEGORIES, loadRulePack } from '../src/rule-pack.js';
import { ATTACKS } from '../src/scenarios/attacks.js';
import { baselineDay } from '../src/scenarios/baseline-day.js';
import { writeArchive } from './scenarios/write-archive.js';

const pack = loadRulePack();
const alerting = pack.rules.filter((r) => !r.buildingBlock);
const nameOf = new Map(pack.rules.map((r) => [r.id, r.name]));
let dir: string;
let baseline: ReplayReport;
const attacked = new Map<string, { report: ReplayReport; attackRecords: number; total: number }>();

const firing = (report: ReplayReport) =>
  report.rules.filter((r) => r.alerts.length > 0).map((r) => nameOf.get(r.id) ?? r.id);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seclog-detections-'));
  const day = baselineDay();
  const base = await writeArchive(join(dir, 'baseline'), 'billing-api', day);
  baseline = await replayRules((await readSecurityEvents([base.archivePath])).events, pack);
  for (const attack of ATTACKS) {
    const extra = attack.events();
    const events = [...day, ...extra].sort((a, b) => a.time.getTime() - b.time.getTime());
    const { archivePath } = await writeArchive(join(dir, attack.alert), 'billing-api', events);
    const read = await readSecurityEvents([archivePath]);
    expect(read.problems).toEqual([]);
    attacked.set(attack.alert, {
      report: await replayRules(read.events, pack),
      attackRecords: extra.length,
      total: read.events.length,
    });
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the rule pack', () => {
  it('has at least one alerting rule per alert category of the issue, each with its metadata', () => {
    for (const category of ALERT_CATEGORIES) {
      expect(
        alerting.some((r) => r.alert === category),
        category,
      ).toBe(true);
    }
    for (const r of alerting) {
      expect(r.soc2.length, r.name).toBeGreaterThan(0);
      expect(
        r.pciDss.every((p) => p.startsWith('10.')),
        r.name,
      ).toBe(true);
      expect(r.triage?.length ?? 0, r.name).toBeGreaterThan(20);
      expect(['low', 'medium', 'high', 'critical']).toContain(r.level);
    }
  });

  it('stays silent on a busy benign day (logins, a few failures, exports, role grants, own API keys)', () => {
    expect(firing(baseline)).toEqual([]);
    expect(baseline.rules.map((r) => r.id).sort()).toEqual(alerting.map((r) => r.id).sort());
  });

  for (const attack of ATTACKS) {
    it(`${attack.alert}: ${attack.description} fires ${attack.fires.join(', ')} and nothing else`, () => {
      const result = attacked.get(attack.alert);
      expect(result).toBeDefined();
      const { report } = result!;
      expect(firing(report).sort()).toEqual([...attack.fires].sort());
      const first = report.rules.find((r) => nameOf.get(r.id) === attack.fires[0]);
      expect(first?.alerts.length).toBe(1);
      for (const alert of first?.alerts ?? []) {
        expect(alert.records).toHaveLength(attack.evidence);
        // Every alert ties back to sealed evidence: the stream and seq seclog verify checks.
        for (const record of alert.records) {
          expect(record.stream).toMatch(/^[A-Za-z0-9_-]{16,}$/);
          expect(record.seq).toBeGreaterThan(0);
        }
      }
    });
  }
});
