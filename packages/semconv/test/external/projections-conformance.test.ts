/**
 * Runs every projection of every sample case (each event × outcome × mapping variant, plus non-user actors) through
 * the external checkers: ECS (`@elastic/ecs`), OCSF 1.8.0 (the compiled schema), Splunk CIM and Datadog field tables.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { eventDefinitionOf, toDatadog, toECS, toOCSF, toSplunkCIM } from '../../src/projections/index.js';
import { actorCases, type SampleCase, sampleCases } from '../fixtures/samples.ts';
import { checkCategoryTypeMatrixStrict, checkEcsDocument, loadEcsFlat } from './ecs-checker.js';
import { checkOcsfEvent } from './ocsf-checker.js';
import { loadOcsfSchema, type OcsfSchema } from './ocsf-schema.js';
import { ocsfSchemaFile } from './reference-paths.js';
import { checkCimEvent, checkDatadogAttributes } from './siem-checker.js';

const cases: Array<SampleCase & { readonly label: string }> = [
  ...catalog.events.flatMap((def) =>
    sampleCases(catalog, def).map((c) => ({ ...c, label: `${def.name} [${c.name}]` })),
  ),
  ...actorCases(catalog).map((c) => ({ ...c, label: `${c.event.name} [${c.name}]` })),
];

describe('projections pass the external checks', () => {
  const ecs = loadEcsFlat();
  let ocsf: OcsfSchema;
  beforeAll(() => {
    ocsf = loadOcsfSchema(ocsfSchemaFile);
  });

  it('covers every catalog event, several cases each', () => {
    const events = new Set(cases.map((c) => c.record.eventName));
    expect(events.size).toBe(catalog.events.length);
    expect(cases.length).toBeGreaterThan(2 * catalog.events.length);
  });

  it('ECS: every field exists in @elastic/ecs with a compatible type; category/type pairs are in the matrix', () => {
    const failures = cases.flatMap((c) =>
      checkEcsDocument(ecs, toECS(c.record)).map((v) => `${c.label}: ${v.code} ${v.field} — ${v.message}`),
    );
    expect(failures).toEqual([]);
  });

  it('ECS strict matrix: every category × type combination is allowed (one category, one type per event)', () => {
    const strict = new Set<string>();
    for (const c of cases) {
      const doc = toECS(c.record);
      for (const v of checkCategoryTypeMatrixStrict(ecs, doc['event.category'], doc['event.type'])) {
        strict.add(`${c.record.eventName}: ${v.message}`);
      }
    }
    expect([...strict].sort()).toEqual([]);
    for (const c of cases) {
      const doc = toECS(c.record);
      // Single-valued so that ES|QL `event.category == "…"` filters (null on multi-valued fields) see every event.
      expect([(doc['event.category'] as string[]).length, (doc['event.type'] as string[]).length], c.label).toEqual([
        1, 1,
      ]);
    }
  });

  it('OCSF 1.8.0: classes, activities, type_uid, attributes, types, enums and required attributes conform', () => {
    const failures = cases.flatMap((c) =>
      checkOcsfEvent(ocsf, toOCSF(c.record, { version: '1.8.0' }) as Record<string, unknown>).map(
        (v) => `${c.label}: ${v.code} ${v.path} — ${v.message}`,
      ),
    );
    expect(failures).toEqual([]);
  });

  it('OCSF: type_uid = class_uid * 100 + activity_id for both versions', () => {
    for (const c of cases) {
      for (const version of ['1.8.0', '1.9.0'] as const) {
        const event = toOCSF(c.record, { version });
        expect(event.type_uid, `${c.label} ${version}`).toBe(
          (event.class_uid as number) * 100 + (event.activity_id as number),
        );
      }
    }
  });

  it('Splunk CIM: fields belong to the event’s data model and its required fields are present', () => {
    const failures = cases.flatMap((c) => {
      const model = eventDefinitionOf(c.record).cim.model;
      return checkCimEvent(model, toSplunkCIM(c.record)).map(
        (v) => `${c.label}: ${model} ${v.code} ${v.field} — ${v.message}`,
      );
    });
    expect(failures).toEqual([]);
  });

  it('Datadog: only standard attributes, with documented outcome values', () => {
    const failures = cases.flatMap((c) =>
      checkDatadogAttributes(toDatadog(c.record)).map((v) => `${c.label}: ${v.code} ${v.field} — ${v.message}`),
    );
    expect(failures).toEqual([]);
  });
});

describe('the checkers reject deliberately wrong projections', () => {
  const ecs = loadEcsFlat();
  let ocsf: OcsfSchema;
  beforeAll(() => {
    ocsf = loadOcsfSchema(ocsfSchemaFile);
  });
  const login = cases.find((c) => c.label === 'security_event.authentication.login [failure]');
  if (!login) throw new Error('sample case missing');

  it('ECS: an unknown field and a category/type pair outside the matrix', () => {
    const doc = { ...toECS(login.record), 'user.login_handle': 'alice', 'event.type': ['change'] };
    expect(checkEcsDocument(ecs, doc).map((v) => v.code)).toEqual([
      'unknown_field',
      'type_not_expected_for_category',
      'category_without_expected_type',
    ]);
  });

  it('OCSF: an unknown attribute, a wrong enum id, a broken type_uid', () => {
    const event = toOCSF(login.record) as Record<string, unknown>;
    const wrong = { ...event, login_name: 'alice', user: { ...(event.user as object), type_id: 7 }, type_uid: 300202 };
    expect(
      checkOcsfEvent(ocsf, wrong)
        .map((v) => `${v.code} ${v.path}`)
        .sort(),
    ).toEqual(['type_uid_mismatch type_uid', 'unknown_attribute login_name', 'unknown_enum_value user.type_id'].sort());
  });

  it('CIM and Datadog: a field outside the model and an OTel name left un-renamed', () => {
    const cim: Record<string, unknown> = { ...toSplunkCIM(login.record), object_category: 'user' };
    delete cim.dest;
    expect(checkCimEvent('Authentication', cim).map((v) => `${v.code} ${v.field}`)).toEqual([
      'unknown_field object_category',
      'missing_required dest',
    ]);
    const dd = { ...toDatadog(login.record), 'client.address': '203.0.113.5' };
    expect(checkDatadogAttributes(dd).map((v) => `${v.code} ${v.field}`)).toEqual(['unknown_field client.address']);
  });
});
