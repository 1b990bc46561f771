/**
 * The generated OTTL is well-formed for `transform` `log_statements` (strict subset parser) and, evaluated on every
 * sample record, produces the same ECS / Datadog fields as the TypeScript projections.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import {
  datadogTransformProcessorYaml,
  ecsTransformProcessorYaml,
  generateDatadogTransformGroups,
  generateEcsTransformGroups,
} from '../../src/collector/index.js';
import { type SecurityEventRecord, toDatadog, toECS } from '../../src/projections/index.js';
import { actorCases, sampleCases } from '../fixtures/samples.ts';
import { type OttlLogRecord, OttlSyntaxError, parseCondition, parseStatement, runGroups } from './ottl-subset.js';
import { DATADOG_STANDARD_ATTRIBUTES, DATADOG_STANDARD_PREFIXES } from './siem-field-tables.js';

const records: SecurityEventRecord[] = [
  ...catalog.events.flatMap((def) => sampleCases(catalog, def).map((c) => c.record)),
  ...actorCases(catalog).map((c) => c.record),
];

function asLogRecord(record: SecurityEventRecord): OttlLogRecord {
  const attributes = new Map<string, unknown>();
  for (const [k, v] of Object.entries(record.attributes)) if (v !== undefined && v !== null) attributes.set(k, v);
  return { eventName: record.eventName, attributes, resource: new Map(Object.entries(record.resource ?? {})) };
}

/** ECS fields the collector leaves to the Elasticsearch exporter (time, resource) or cannot build (related.user). */
const NOT_FROM_OTTL = new Set([
  '@timestamp',
  'service.name',
  'service.version',
  'service.environment',
  'service.node.name',
  'host.name',
  'related.user',
]);

describe('OTTL subset parser (can fail)', () => {
  it('rejects paths of other signals, unknown log fields, unknown functions and broken literals', () => {
    expect(() => parseStatement('set(span.attributes["a"], "b")')).toThrow(OttlSyntaxError);
    expect(() => parseStatement('set(log.event, "b")')).toThrow(/not a log context path/);
    expect(() => parseStatement('rename(log.attributes["a"], "b")')).toThrow(/unknown editor/);
    expect(() => parseStatement('set(log.attributes["a"], "b)')).toThrow(/unterminated string/);
    expect(() => parseStatement('set(log.attributes["a"], "b") where log.attributes["a"]')).toThrow(/comparison/);
    expect(() => parseCondition('IsMatch(log.event_name, "^x") and')).toThrow(OttlSyntaxError);
  });

  it('accepts the grammar forms used: lists, converters, and/or/not with parentheses', () => {
    expect(
      parseStatement('set(log.attributes["event.type"], ["user", "change"]) where log.event_name == "x"').editor,
    ).toBe('set');
    expect(
      parseCondition('log.event_name == "" and not (IsMatch(log.attributes["a"], "^b") or log.attributes["c"] != nil)')
        .op,
    ).toBe('and');
  });
});

describe('generated ECS statements', () => {
  const groups = generateEcsTransformGroups();

  it('parse as OTTL log statements and conditions', () => {
    for (const g of groups) {
      for (const c of g.conditions) expect(() => parseCondition(c), c).not.toThrow();
      for (const s of g.statements) expect(() => parseStatement(s), s).not.toThrow();
    }
    expect(groups[1]?.conditions).toEqual(['IsMatch(log.event_name, "^security_event[.]")']);
  });

  it('produce the ECS fields of toECS on every sample record', () => {
    const mismatches: string[] = [];
    for (const record of records) {
      const rec = asLogRecord(record);
      runGroups(groups, rec);
      for (const [field, value] of Object.entries(toECS(record))) {
        if (NOT_FROM_OTTL.has(field)) continue;
        if (!isDeepStrictEqual(rec.attributes.get(field), value)) {
          mismatches.push(
            `${record.eventName}: ${field} = ${JSON.stringify(rec.attributes.get(field))}, toECS: ${JSON.stringify(value)}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('leave records that are not security events untouched, and lift otel.event.name from bridged records', () => {
    const other: OttlLogRecord = {
      eventName: 'app.checkout',
      attributes: new Map([['user.id', 'u1']]),
      resource: new Map(),
    };
    runGroups(groups, other);
    expect([...other.attributes.keys()]).toEqual(['user.id']);
    const bridged: OttlLogRecord = {
      eventName: '',
      attributes: new Map<string, unknown>([
        ['otel.event.name', 'security_event.user.delete'],
        ['security_event.outcome', 'success'],
      ]),
      resource: new Map(),
    };
    runGroups(groups, bridged);
    expect(bridged.eventName).toBe('security_event.user.delete');
    expect(bridged.attributes.get('event.type')).toEqual(['deletion']);
  });

  it('render as a transform processor snippet with $ escaped for the collector config', () => {
    const yaml = ecsTransformProcessorYaml();
    expect(yaml.startsWith('transform/seclog_ecs:\n  error_mode: ignore\n  log_statements:\n')).toBe(true);
    expect(yaml).toContain(`        - 'IsMatch(log.event_name, "^security_event[.]")'`);
    expect(yaml).toContain('([.][0-9]{1,3}){3}$$")');
    expect(yaml).not.toMatch(/[^$]\$"/);
  });
});

describe('generated Datadog statements', () => {
  const groups = generateDatadogTransformGroups();

  it('parse as OTTL log statements and conditions', () => {
    for (const g of groups) {
      for (const c of g.conditions) expect(() => parseCondition(c), c).not.toThrow();
      for (const s of g.statements) expect(() => parseStatement(s), s).not.toThrow();
    }
  });

  it('produce exactly the Datadog standard attributes of toDatadog, and remove the renamed OTel attributes', () => {
    const mismatches: string[] = [];
    for (const record of records) {
      const rec = asLogRecord(record);
      runGroups(groups, rec);
      const standard = Object.fromEntries(
        [...rec.attributes].filter(
          ([k]) => DATADOG_STANDARD_ATTRIBUTES.includes(k) || DATADOG_STANDARD_PREFIXES.some((p) => k.startsWith(p)),
        ),
      );
      const expected = toDatadog(record);
      if (!isDeepStrictEqual(standard, expected)) {
        mismatches.push(`${record.eventName}: ${JSON.stringify(standard)} vs ${JSON.stringify(expected)}`);
      }
      for (const gone of ['user.id', 'user.name', 'client.address', 'user_agent.original']) {
        if (rec.attributes.has(gone)) mismatches.push(`${record.eventName}: ${gone} still present`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('copies instead of renaming with keepSource, and renders as transform/seclog_datadog', () => {
    const rec = asLogRecord(records[0] as SecurityEventRecord);
    runGroups(generateDatadogTransformGroups({ keepSource: true }), rec);
    expect([rec.attributes.get('usr.id'), rec.attributes.get('user.id')]).toEqual(['u_8f3a2c', 'u_8f3a2c']);
    expect(datadogTransformProcessorYaml().split('\n')[0]).toBe('transform/seclog_datadog:');
  });
});
