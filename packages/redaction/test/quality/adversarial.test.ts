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

describe('adversarial 1 MiB inputs (design §7.3) complete with bounded work', () => {
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
