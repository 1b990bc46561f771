import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { AttributeCondition, AttributeDefinition, EventDefinition } from '../../src/catalog/types.js';

const attributes = new Map<string, AttributeDefinition>(catalog.attributes.map((a) => [a.name, a]));

function referencedAttributes(event: EventDefinition): string[] {
  return [
    ...event.required,
    ...event.recommended,
    ...event.conditionallyRequired.flatMap((c) => c.attributes),
    ...Object.keys(event.fixed ?? {}),
  ];
}

function conditions(event: EventDefinition): AttributeCondition[] {
  return [
    ...event.conditionallyRequired.map((c) => c.when),
    ...(event.ecs.variants ?? []).map((v) => v.when),
    ...(event.ocsf['1.8.0'].variants ?? []).map((v) => v.when),
    ...(event.ocsf['1.9.0'].variants ?? []).map((v) => v.when),
    ...(event.cim.variants ?? []).map((v) => v.when),
    ...(event.severity.variants ?? []).map((v) => v.when),
  ];
}

describe('catalog', () => {
  it('numbers its events 1, 2, … without gaps, in id order whatever file each is in, with unique names and builders', () => {
    const count = catalog.events.length;
    expect(count).toBeGreaterThanOrEqual(39);
    expect(catalog.events.map((e) => e.id)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(new Set(catalog.events.map((e) => e.name)).size).toBe(count);
    expect(new Set(catalog.events.map((e) => e.builder)).size).toBe(count);
  });

  it('names every event security_event.<domain>.<object>[.<verb>] in lowercase snake_case', () => {
    for (const e of catalog.events) {
      expect(e.name).toMatch(/^security_event(\.[a-z][a-z0-9_]{0,40}){2,4}$/);
    }
  });

  it('has unique attribute names and unique camelCase builder names', () => {
    expect(attributes.size).toBe(catalog.attributes.length);
    expect(new Set(catalog.attributes.map((a) => a.camelName)).size).toBe(catalog.attributes.length);
  });

  it('puts every seclog attribute under security_event.* and no OTel attribute there', () => {
    for (const a of catalog.attributes) {
      expect(a.name.startsWith('security_event.'), a.name).toBe(a.origin === 'seclog');
      if (a.origin === 'otel') expect(a.otelConstant, a.name).toMatch(/^ATTR_[A-Z0-9_]+$/);
    }
  });

  it('only references attributes that exist and are not secret', () => {
    const common = [...catalog.common.required, ...catalog.common.recommended];
    for (const name of [...common, ...catalog.common.actorIdentity.flatMap((c) => c.attributes)]) {
      expect(attributes.get(name)?.sensitivity, name).not.toBe('secret');
    }
    for (const e of catalog.events) {
      for (const name of referencedAttributes(e)) {
        const def = attributes.get(name);
        expect(def, `${e.name} → ${name}`).toBeDefined();
        expect(def?.sensitivity, `${e.name} → ${name}`).not.toBe('secret');
      }
    }
  });

  it('keys every variant and conditional requirement on an enum value of an existing attribute', () => {
    for (const e of catalog.events) {
      for (const c of conditions(e)) {
        const def = attributes.get(c.attribute);
        expect(def, `${e.name} → ${c.attribute}`).toBeDefined();
        if (def?.type === 'boolean') expect(typeof c.equals).toBe('boolean');
        else expect(def?.enum, `${e.name} → ${c.attribute}`).toContain(c.equals);
      }
    }
  });

  it('fixes attribute values only to allowed values of required attributes', () => {
    const login = catalog.events.find((e) => e.name === 'security_event.audit_log.access');
    expect(login?.fixed).toEqual({ 'security_event.target.resource.type': 'audit_log' });
    for (const e of catalog.events) {
      for (const name of Object.keys(e.fixed ?? {})) expect(e.required).toContain(name);
    }
  });

  it('gives each event a category from the security_event.category enum', () => {
    const categories = attributes.get('security_event.category')?.enum ?? [];
    for (const e of catalog.events) expect(categories).toContain(e.category);
  });

  it('lists distinct error.type values and requires failure for session.reject', () => {
    for (const e of catalog.events) expect(new Set(e.errorTypes).size).toBe(e.errorTypes.length);
    const reject = catalog.events.find((e) => e.name === 'security_event.session.reject');
    expect(reject?.outcomes).toEqual(['failure']);
  });

  it('raises failures of INFO events at least to WARN', () => {
    for (const e of catalog.events) {
      if (e.errorTypes.length > 0) expect(e.severity.fail, e.name).toBeGreaterThanOrEqual(13);
    }
  });

  it('writes OCSF type_uid as class_uid * 100 + activity_id and class_uid in its category', () => {
    for (const e of catalog.events) {
      for (const version of ['1.8.0', '1.9.0'] as const) {
        const mapping = e.ocsf[version];
        for (const a of [mapping, ...(mapping.variants ?? []).map((v) => v.use)]) {
          expect(a.typeUid, `${e.name} ${version}`).toBe(a.classUid * 100 + a.activityId);
          expect(Math.floor(a.classUid / 1000), `${e.name} ${version}`).toBe(a.categoryUid);
        }
      }
    }
  });

  it('moves the deprecated OCSF 1.8 Account Change class to User Management in 1.9', () => {
    for (const e of catalog.events) {
      if (e.ocsf['1.8.0'].classUid === 3001 || e.ocsf['1.8.0'].classUid === 3005) {
        expect(e.ocsf['1.9.0'].classUid, e.name).toBe(3007);
      }
    }
  });

  it('carries SOC 2 criteria on every event and well-formed PCI 10.x references', () => {
    for (const e of catalog.events) {
      expect(e.compliance.soc2.length, e.name).toBeGreaterThan(0);
      for (const pci of e.compliance.pci) expect(pci).toMatch(/^10\.\d+(\.\d+){0,2}( \([a-z ]+\))?$/);
    }
  });

  it('gives every attribute example values of its type (members for string[]) and inside its enum', () => {
    for (const a of catalog.attributes) {
      expect(a.examples ?? [], `${a.name}: examples (src/catalog/examples.ts)`).not.toHaveLength(0);
      for (const example of a.examples ?? []) {
        const expected =
          a.type === 'int' || a.type === 'double' ? 'number' : a.type === 'boolean' ? 'boolean' : 'string';
        expect(typeof example, a.name).toBe(expected);
        if (a.enum) expect(a.enum, a.name).toContain(example);
      }
    }
  });

  it('maps every enum value to an OCSF id where an OCSF id table is given', () => {
    const withIds = catalog.attributes.filter((a) => a.mappings.ocsfValueIds);
    expect(withIds.map((a) => a.name)).toEqual([
      'security_event.outcome',
      'security_event.actor.type',
      'security_event.auth.method',
      'security_event.auth.factors',
      'security_event.mfa.factor.type',
      'security_event.detection.confidence',
    ]);
    for (const a of withIds)
      expect(Object.keys(a.mappings.ocsfValueIds ?? {}).sort()).toEqual([...(a.enum ?? [])].sort());
    expect(attributes.get('security_event.auth.factors')?.mappings.ocsfValueIds?.webauthn).toBe(10);
  });

  it('is plain JSON data (round-trips through JSON unchanged)', () => {
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
  });
});
