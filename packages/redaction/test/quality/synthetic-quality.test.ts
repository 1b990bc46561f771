import { beforeAll, describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/index.js';
import { attributeCases } from './corpus/hard-negatives.ts';
import { buildQualityCorpus, PII_TYPES } from './corpus/log-corpus.ts';
import { createPrng } from './corpus/prng.ts';
import { SECRET_TYPES } from './corpus/secret-generators.ts';
import { redactEverything } from './evaluation-policy.ts';
import { type RunResult, runRedactor, scoreRun } from './quality-report.ts';
import type { QualityReport } from './span-metrics.ts';

const corpus = buildQualityCorpus({ seed: 2026, perType: 40, negativesPerKind: 20 });

// D2: seeded synthetic log lines with exact spans; positives for every detector, hard negatives for precision.
describe('detection quality on the synthetic log corpus', () => {
  let byFormat: QualityReport;
  let run: RunResult;

  beforeAll(() => {
    const redactor = createRedactor(redactEverything(createRedactor().policy));
    run = runRedactor(
      corpus,
      (t) => redactor.redactText(t),
      (t) => t,
    );
    byFormat = scoreRun(run, [...SECRET_TYPES, ...PII_TYPES, 'URL_USERNAME']);
  });

  it('explains every redacted line as input text plus replacement tokens', () => {
    expect(run.unaligned).toBe(0);
  });

  it('catches at least 99% of planted secrets, whichever detector reports them', () => {
    const secrets = byFormat.types.filter((t) => SECRET_TYPES.includes(t.type));
    const labelled = secrets.reduce((n, t) => n + t.labelled, 0);
    const caught = secrets.reduce((n, t) => n + t.caughtAnyType, 0);
    const missedTypes = secrets
      .filter((t) => t.recallAnyType < 0.99)
      .map((t) => `${t.type} ${t.recallAnyType.toFixed(2)}`);
    expect(caught / labelled, `types below 0.99: ${missedTypes.join(', ')}`).toBeGreaterThanOrEqual(0.99);
    expect(labelled).toBeGreaterThanOrEqual(SECRET_TYPES.length * 40);
  });

  it('leaks less than 1% of secret characters', () => {
    const secrets = byFormat.types.filter((t) => SECRET_TYPES.includes(t.type));
    const leaked = secrets.reduce((n, t) => n + t.leakedChars, 0);
    const total = secrets.reduce((n, t) => n + t.labelledChars, 0);
    expect(leaked / total).toBeLessThan(0.01);
  });

  it.each(['CREDIT_CARD', 'US_SSN', 'IBAN', 'EMAIL', 'IP_ADDRESS'])(
    'finds at least 99%% of %s (same type, overlap ≥ 50%%)',
    (type) => {
      const q = byFormat.types.find((t) => t.type === type);
      expect(q?.recallOverlap ?? 0, `${type} missed: ${q?.missed.join(' | ')}`).toBeGreaterThanOrEqual(0.99);
    },
  );

  it('has precision ≥ 0.98: almost no redaction touches only hard negatives or clean text', () => {
    expect(byFormat.predictions).toBeGreaterThan(0);
    const touched = Object.entries(byFormat.negativesHit)
      .filter(([, v]) => v.hit > 0)
      .map(([k, v]) => `${k} ${v.hit}/${v.total}`);
    expect(byFormat.falseAlarmPrecision, `hard negatives touched: ${touched.join(', ')}`).toBeGreaterThanOrEqual(0.98);
  });

  it('keeps structured look-alikes (max_tokens, primary_key, version quads…) and redacts sensitive keys', () => {
    const redactor = createRedactor();
    const wrong: string[] = [];
    for (const c of attributeCases(createPrng(11))) {
      const out = redactor.redactAttributes({ [c.key]: c.value });
      const changed = out[c.key] !== c.value;
      if (changed !== c.sensitive) wrong.push(`${c.label}: expected ${c.sensitive ? 'redacted' : 'kept'}`);
    }
    expect(wrong).toEqual([]);
  });
});
