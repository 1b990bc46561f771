import * as stable from '@opentelemetry/semantic-conventions';
import * as incubating from '@opentelemetry/semantic-conventions/incubating';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import * as generated from '../../src/generated/names.js';

const exportsOf = (module: object) =>
  new Map(Object.entries(module).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
const stableExports = exportsOf(stable);
const incubatingExports = exportsOf(incubating);
const otelNames = new Set([...stableExports.values(), ...incubatingExports.values()]);
const otelNamespaces = new Set([...otelNames].filter((n) => /^[a-z_]+\.[a-z_.]+$/.test(n)).map((n) => n.split('.')[0]));

describe('reuse of OpenTelemetry attribute names', () => {
  it('finds every reused OTel attribute, under its constant, in @opentelemetry/semantic-conventions', () => {
    for (const a of catalog.attributes.filter((x) => x.origin === 'otel')) {
      const constant = a.otelConstant ?? '';
      const value = stableExports.get(constant) ?? incubatingExports.get(constant);
      expect(value, `${a.name} (${constant})`).toBe(a.name);
      // The catalog's stability label agrees with the entry point that exports the constant.
      expect(a.stability, a.name).toBe(stableExports.get(constant) === a.name ? 'stable' : 'development');
    }
    for (const r of catalog.resourceAttributes) {
      expect(stableExports.get(r.otelConstant) ?? incubatingExports.get(r.otelConstant), r.name).toBe(r.name);
    }
  });

  it('invents no names inside OTel namespaces', () => {
    expect(otelNamespaces.has('user')).toBe(true);
    expect(otelNamespaces.has('security_event')).toBe(false);
    for (const a of catalog.attributes) {
      const namespace = a.name.split('.')[0] ?? '';
      if (otelNamespaces.has(namespace)) expect(otelNames.has(a.name), `${a.name} is not an OTel attribute`).toBe(true);
    }
  });

  it('uses OTel constant names for the vendored OTel constants in src/generated/names.ts', () => {
    for (const a of catalog.attributes.filter((x) => x.origin === 'otel')) {
      expect((generated as Record<string, unknown>)[a.otelConstant ?? ''], a.name).toBe(a.name);
    }
  });
});
