import { describe, expect, it } from 'vitest';
import type { EventDefinition } from '../../src/index.js';
import { catalog, createSecurityEvents, defaultSeverity } from '../../src/index.js';
import { sdkPipeline } from './sdk-harness.js';

const attributes = new Map(catalog.attributes.map((a) => [a.name, a]));

/** A minimal conformant occurrence of an event, built only from catalog data (requirements and examples). */
function sampleAttributes(event: EventDefinition): Record<string, unknown> {
  const outcome = event.outcomes.includes('success') ? 'success' : 'failure';
  const out: Record<string, unknown> = {
    'security_event.outcome': outcome,
    'security_event.actor.type': 'user',
    'user.id': 'u_actor',
  };
  if (outcome === 'failure') out['error.type'] = event.errorTypes[0] ?? '_OTHER';
  const required = [
    ...event.required,
    ...event.conditionallyRequired.filter((c) => c.when.equals === outcome).flatMap((c) => c.attributes),
  ];
  for (const name of required) {
    if (name in out || event.fixed?.[name] !== undefined) continue;
    const def = attributes.get(name);
    const example = def?.examples?.[0];
    out[name] = def?.type === 'string[]' ? [example] : example;
  }
  return out;
}

function camelInput(dotted: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(dotted).map(([k, v]) => [attributes.get(k)?.camelName ?? k, v]));
}

describe('every catalog event', () => {
  it('has a builder on createSecurityEvents', () => {
    const security = createSecurityEvents(sdkPipeline().provider, { mode: 'strict' });
    for (const e of catalog.events)
      expect(typeof (security as unknown as Record<string, unknown>)[e.builder], e.builder).toBe('function');
  });

  it('emits a conformant sample in strict mode through emit() and through its builder, with the default severity', () => {
    const { provider, records } = sdkPipeline();
    const security = createSecurityEvents(provider, { mode: 'strict' });
    const builders = security as unknown as Record<string, (input: unknown) => unknown>;
    for (const e of catalog.events) {
      const sample = sampleAttributes(e);
      security.emit(e.name as never, sample as never);
      builders[e.builder]?.(camelInput(sample));
    }
    const emitted = records();
    expect(emitted).toHaveLength(catalog.events.length * 2);
    catalog.events.forEach((e, i) => {
      for (const record of [emitted[2 * i], emitted[2 * i + 1]]) {
        expect(record?.eventName).toBe(e.name);
        expect(record?.attributes['security_event.category']).toBe(e.category);
        expect(record?.severityNumber).toBe(defaultSeverity(e, record?.attributes ?? {}));
        expect(record?.attributes).not.toHaveProperty('security_event.conformance.errors');
      }
      expect(emitted[2 * i + 1]?.attributes).toEqual({
        ...emitted[2 * i]?.attributes,
        'log.record.uid': emitted[2 * i + 1]?.attributes['log.record.uid'],
      });
    });
  });
});
