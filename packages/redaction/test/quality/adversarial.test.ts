import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/index.js';
import { ADVERSARIAL_INPUTS, MIB } from './corpus/adversarial-inputs.ts';

// A coarse guard against catastrophic backtracking only (the precise ms/MiB is in the W7 benchmark): even on a
// loaded 2-core box, linear work on 1 MiB takes well under 2 s; exponential or quadratic work does not.
const GUARD_MS = 2000;

// Raised limits: the whole MiB is scanned (the default scans 64 KiB and marks the rest unscanned).
const wholeMib = createRedactor({ limits: { maxScanBytes: 2 * MIB, maxTotalStringBytes: 4 * MIB } });
const defaults = createRedactor();

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

describe('adversarial 1 MiB inputs (docs/design/redaction.md#adversarial-inputs) complete with bounded work', () => {
  it.each(Object.keys(ADVERSARIAL_INPUTS))('%s', (name) => {
    const text = ADVERSARIAL_INPUTS[name]?.(MIB) ?? '';
    expect(text.length).toBeGreaterThan(MIB - 64);
    const scanned = timed(() => wholeMib.redactText(text));
    expect(typeof scanned.value).toBe('string');
    expect(scanned.ms, `${name}: ${scanned.ms.toFixed(0)} ms for 1 MiB`).toBeLessThan(GUARD_MS);
    // The same string as a structured value, with default limits: bounded and never returned unscanned.
    const structured = timed(() => defaults.redactAttributes({ message: text }));
    expect(structured.ms).toBeLessThan(GUARD_MS);
    expect(structured.value.message).not.toBe(text);
  });
});

describe('adversarial structures complete with bounded work and fail closed', () => {
  it('a 100,000-deep map is cut at the depth budget, not followed', () => {
    let deep: Record<string, unknown> = { leaf: 'password=hunter2!' };
    for (let i = 0; i < 100_000; i++) deep = { n: deep };
    const run = timed(() => defaults.redactValue(deep));
    expect(run.ms).toBeLessThan(GUARD_MS);
    expect(JSON.stringify(run.value)).not.toContain('hunter2');
  });

  it('a map with 20,000 distinct keys is bounded and values past the node budget do not pass through', () => {
    const wide: Record<string, string> = {};
    for (let i = 0; i < 20_000; i++) wide[`field_${i}`] = `value ${i}`;
    const run = timed(() => defaults.redactAttributes(wide));
    expect(run.ms).toBeLessThan(GUARD_MS);
    expect(run.value.field_19999).not.toBe('value 19999');
  });

  it('an array of 200,000 strings is bounded and the tail past the budget is redacted', () => {
    const items = Array.from({ length: 200_000 }, (_, i) => `item ${i} user${i}@mail.example.org`);
    const run = timed(() => defaults.redactValue(items) as unknown[]);
    expect(run.ms).toBeLessThan(GUARD_MS);
    expect(JSON.stringify(run.value)).not.toContain('user199999@mail.example.org');
  });

  it('a string with 10,000 findings becomes one TOO_MANY_FINDINGS token', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `u${i}@ex.com`).join(' ');
    const run = timed(() => defaults.redactText(text));
    expect(run.ms).toBeLessThan(GUARD_MS);
    expect(run.value).not.toContain('@ex.com');
  });
});
