import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/index.js';
import { redactEverything } from './evaluation-policy.ts';
import { formatQualityTable, loadPresidioDataset, type RunResult, runRedactor, scoreRun } from './quality-report.ts';
import type { QualityReport } from './span-metrics.ts';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..', '..');
const GATED = ['CREDIT_CARD', 'EMAIL', 'IBAN', 'US_SSN', 'IP_ADDRESS'] as const;

// External labelled data (presidio-research synth_dataset_v2, MIT): 1,500 sentences with character spans.
describe('detection quality on presidio-research synth_dataset_v2', () => {
  let run: RunResult;
  let report: QualityReport;

  beforeAll(() => {
    const redactor = createRedactor(redactEverything(createRedactor().policy));
    run = runRedactor(
      loadPresidioDataset(repoRoot),
      (t) => redactor.redactText(t),
      (t) => t,
    );
    report = scoreRun(run, [...GATED, 'PHONE']);
  });

  it('explains every redacted sentence as input text plus replacement tokens', () => {
    expect(run.unaligned).toBe(0);
  });

  it.each(GATED)('finds at least 99%% of %s spans (overlap ≥ 50%%, same type)', (type) => {
    const q = report.types.find((t) => t.type === type);
    expect(q?.labelled).toBeGreaterThan(0);
    expect(q?.recallOverlap ?? 0, `${type} missed: ${q?.missed.join(' | ')}`).toBeGreaterThanOrEqual(0.99);
  });

  it.each(GATED)('leaks less than 1%% of labelled %s characters', (type) => {
    const q = report.types.find((t) => t.type === type);
    expect(q?.leakRate ?? 1).toBeLessThan(0.01);
  });

  it('reports phone numbers separately (not gated: mostly national formats without +)', () => {
    const phone = report.types.find((t) => t.type === 'PHONE');
    expect(phone?.labelled).toBe(92);
    // The figures themselves are printed by `pnpm bench quality` and recorded in BENCHMARKS.md.
    expect(formatQualityTable(report)).toContain('| PHONE | 92 |');
  });
});
