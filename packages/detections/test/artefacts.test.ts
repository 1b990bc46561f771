/**
 * The SIEM artefacts pySigma generates: every alerting rule is shipped for each SIEM (or listed as not expressible
 * there, with the reason), hand-written equivalents are marked, and the field maps they are converted with put each
 * field exactly where the seclog projections put its value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog, eventDefinitionOf, type SecurityEventRecord, toDatadog, toECS, toSplunkCIM } from '@seclog/semconv';
import { describe, expect, it } from 'vitest';
import { CIM_FIELD_MAPS, datadogFieldMap, EVENT_NAME_FIELD, ecsFieldMap } from '../src/field-maps.js';
import { loadRulePack } from '../src/rule-pack.js';

const generated = join(import.meta.dirname, '..', 'generated');
const alerting = loadRulePack().rules.filter((r) => !r.buildingBlock);
const goldenDir = join(import.meta.dirname, '..', '..', 'semconv', 'test', 'fixtures', 'golden');

/** Every sample record of the semconv golden fixtures (each event × outcome × variant). */
function goldenRecords(): SecurityEventRecord[] {
  return catalog.events.flatMap((e) => {
    const file = JSON.parse(readFileSync(join(goldenDir, `${e.name.replace('security_event.', '')}.json`), 'utf8'));
    return (file.cases as { record: SecurityEventRecord }[]).map((c) => c.record);
  });
}

function fieldValue(record: SecurityEventRecord, field: string): unknown {
  return field === EVENT_NAME_FIELD ? record.eventName : record.attributes[field];
}

describe('Elastic detection rules (NDJSON, ES|QL)', () => {
  const lines = readFileSync(join(generated, 'elastic', 'seclog-detection-rules.ndjson'), 'utf8')
    .trim()
    .split('\n');
  const rules = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  it('ship every alerting rule as an importable ES|QL rule over ECS, hand-written ones marked', () => {
    expect(rules.map((r) => r.rule_id).sort()).toEqual(alerting.map((r) => r.id).sort());
    for (const r of rules) {
      expect(r.type).toBe('esql');
      expect(r.query).toMatch(/^from logs-\* metadata _id, _index, _version \| where event\.action=="security_event\./);
      const hand = (r.tags as string[]).includes('seclog.hand_written');
      expect(hand).toBe(String(r.note).includes('Hand-checked ES|QL'));
    }
    const volume = rules.find((r) => String(r.name).includes('many records'));
    expect(volume?.tags).toContain('seclog.hand_written');
    expect(volume?.query).toContain('sum(security_event.data.record_count)');
  });
});

describe('Splunk saved searches (CIM)', () => {
  const conf = readFileSync(join(generated, 'splunk', 'savedsearches.conf'), 'utf8');
  it('hold one scheduled search per alerting rule behind the seclog_security_events macro', () => {
    const stanzas = conf.split('\n[').slice(1);
    expect(stanzas).toHaveLength(alerting.length);
    for (const s of stanzas) expect(s).toMatch(/\nsearch = `seclog_security_events` /);
    expect(conf).toContain('signature="security_event.authentication.login" action="failure"');
    expect(conf).toMatch(/stats dc\(user\.name\) as value_count by _time src/);
  });
});

describe('Datadog Cloud SIEM rules', () => {
  const out = JSON.parse(readFileSync(join(generated, 'datadog', 'seclog-detection-rules.json'), 'utf8')) as {
    rules: { name: string; tags: string[]; queries: { aggregation: string; query: string }[] }[];
    unsupported: { rule_id: string; reason: string }[];
  };
  it('cover every alerting rule or say why Datadog cannot express it', () => {
    expect(out.rules.length + out.unsupported.length).toBe(alerting.length);
    const fieldref = alerting.filter((r) => r.sql.includes('"user.id"="security_event.target.user.id"'));
    expect(out.unsupported.map((u) => u.rule_id).sort()).toEqual(fieldref.map((r) => r.id).sort());
    for (const r of out.rules) expect(r.queries[0]?.query).toMatch(/^@otel\.event\.name:security_event\./);
    expect(out.rules.flatMap((r) => r.queries.map((q) => q.aggregation)).sort()).toContain('cardinality');
  });
});

describe('pySigma pipelines (generated/pipelines)', () => {
  it('carry exactly the field maps: ECS, Datadog and one per CIM data model', () => {
    const read = (name: string) => readFileSync(join(generated, 'pipelines', name), 'utf8');
    const mapped = (text: string) =>
      Object.fromEntries([...text.matchAll(/^ {4}([^:\n]+): (.+)$/gm)].map((m) => [m[1] as string, m[2] as string]));
    expect(mapped(read('seclog-ecs.yml'))).toEqual(ecsFieldMap());
    expect(mapped(read('seclog-datadog.yml'))).toEqual(datadogFieldMap());
    for (const [model, map] of Object.entries(CIM_FIELD_MAPS)) {
      expect(mapped(read(`seclog-cim-${model.toLowerCase()}.yml`)), model).toEqual(map);
    }
  });
});

describe('field maps', () => {
  const records = goldenRecords();
  it('ECS: each mapped field holds the attribute value in toECS', () => {
    const mismatches: string[] = [];
    for (const record of records) {
      const doc = toECS(record);
      for (const [attribute, field] of Object.entries(ecsFieldMap())) {
        const v = fieldValue(record, attribute);
        if (v !== undefined && JSON.stringify(doc[field]) !== JSON.stringify(v)) {
          mismatches.push(`${record.eventName}: ${attribute} → ${field}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('Splunk CIM: each mapped field of the event’s data model holds the attribute value in toSplunkCIM', () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const record of records) {
      const model = eventDefinitionOf(record).cim.model;
      const event = toSplunkCIM(record);
      for (const [attribute, field] of Object.entries(CIM_FIELD_MAPS[model])) {
        const v = fieldValue(record, attribute);
        if (v === undefined) continue;
        checked++;
        if (event[field] !== v)
          mismatches.push(`${record.eventName}: ${attribute} → ${field} (${String(event[field])})`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('Datadog: each renamed attribute holds the value in toDatadog', () => {
    for (const record of records) {
      const attrs = toDatadog(record);
      for (const [attribute, field] of Object.entries(datadogFieldMap())) {
        if (attribute === EVENT_NAME_FIELD) continue; // set by the Datadog transform, not a projection field
        const v = record.attributes[attribute];
        if (v !== undefined) expect(attrs[field], `${record.eventName} ${attribute}`).toEqual(v);
      }
    }
  });
});
