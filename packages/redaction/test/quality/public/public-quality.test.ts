/**
 * Quality gates on public corpora nobody on the project wrote (see README.md beside this file):
 * - 0 leaks of claimed types on scanner true positives (gitleaks, secretlint), both splits;
 * - changed-line rate ≤ 0.5 % on benign logs (system logs of many kinds + web-app lines with real User-Agents),
 *   pseudonyms of real IP/e-mail addresses aside, both splits.
 * Scanner negatives are measured and reported, not gated. `SECLOG_QUALITY_REPORT=<file>` writes the figures as
 * markdown (the tables in BENCHMARKS.md).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as sourceEngine from '../../../src/index.js';
import { redactEverything } from '../evaluation-policy.ts';
import {
  corporaRoot,
  isHeldOut,
  loadLogFamilies,
  loadPresidio,
  loadScannerFixtures,
  loadUserAgents,
  SPLITS,
  type Split,
} from './corpora.ts';
import { CORPUS_SHA256 } from './corpus-manifest.ts';
import {
  expandPii,
  expandPositives,
  type FamilyRate,
  familiesOf,
  type LeakResult,
  MAX_CHANGED_LINE_RATE,
  type NegativeResult,
  recallByType,
  runBenign,
  runLeaks,
  runNegatives,
  runUaAttributes,
  totalRate,
  webAppFamilies,
} from './evaluate.ts';
import { EXPECTED_BENIGN_CHANGES, NEGATIVE_EXCLUSIONS } from './labels.ts';
import { formatReport } from './report.ts';
import { webAppRecords } from './webapp-lines.ts';

// `SECLOG_REDACTION_ENGINE=<path to an index.ts>` measures another copy of the engine (e.g. an older commit's src,
// for the before/after figures); by default the engine under test is this package's src.
const engine: typeof sourceEngine = process.env.SECLOG_REDACTION_ENGINE
  ? ((await import(process.env.SECLOG_REDACTION_ENGINE)) as typeof sourceEngine)
  : sourceEngine;
const { createRedactor } = engine;

interface SplitResult {
  leaks: LeakResult[];
  negatives: NegativeResult[];
  benign: FamilyRate[];
}

const results = new Map<Split, SplitResult>();

beforeAll(() => {
  // Detection is measured with every action `redact` so the removed ranges are exact; benign logs with the default
  // policy, which is what users get (HMAC pseudonyms, masks).
  const evaluation = createRedactor(redactEverything(createRedactor().policy));
  const defaults = createRedactor();
  for (const split of SPLITS) {
    const fixtures = loadScannerFixtures(split);
    const leaks = runLeaks(
      [...expandPositives(fixtures), ...expandPii(loadPresidio(split, corporaRoot()), split)],
      (t) => evaluation.redactText(t),
    );
    const negatives = runNegatives(fixtures, (t) => evaluation.redactText(t), NEGATIVE_EXCLUSIONS);
    const records = webAppRecords(loadUserAgents(split));
    const examples = Number(process.env.SECLOG_QUALITY_EXAMPLES ?? 8);
    const benign = [
      ...runBenign(
        [...familiesOf(loadLogFamilies(split)), ...webAppFamilies(records)],
        (t) => defaults.redactText(t),
        EXPECTED_BENIGN_CHANGES,
        examples,
      ),
      runUaAttributes(records, (a) => defaults.redactAttributes(a), examples),
    ];
    results.set(split, { leaks, negatives, benign });
  }
  // SECLOG_QUALITY_DETAILS=tuning lists failing cases of the tuning part only (for whoever tunes the engine).
  const file = process.env.SECLOG_QUALITY_REPORT;
  const details = (process.env.SECLOG_QUALITY_DETAILS ?? 'tuning,heldout').split(',') as Split[];
  if (file) writeFileSync(file, formatReport(results, details));
});

describe('public corpora files', () => {
  it('are exactly the data the figures were measured on (SHA-256 manifest)', () => {
    const root = corporaRoot();
    expect(Object.keys(CORPUS_SHA256).length).toBeGreaterThan(0);
    const wrong = Object.entries(CORPUS_SHA256)
      .filter(
        ([file, sha]) =>
          createHash('sha256')
            .update(readFileSync(join(root, file)))
            .digest('hex') !== sha,
      )
      .map(([file]) => file);
    expect(wrong).toEqual([]);
  });

  it('follow the documented split rule', () => {
    const misplaced: string[] = [];
    for (const split of SPLITS) {
      const want = split === 'heldout';
      for (const s of loadScannerFixtures(split))
        for (const c of s.cases) {
          const key =
            s.source === 'secretlint'
              ? `${c.rule}/${c.case}`
              : c.kind === 'positive'
                ? `${c.rule}\0${c.secrets[0] ?? c.text}`
                : c.text;
          if (isHeldOut(key) !== want) misplaced.push(`${s.source} ${c.id}`);
        }
      for (const f of loadLogFamilies(split))
        for (const l of f.lines) if (isHeldOut(l) !== want) misplaced.push(`${f.family} line`);
      for (const u of loadUserAgents(split)) if (isHeldOut(u) !== want) misplaced.push('user agent');
      for (const p of loadPresidio(split)) if (isHeldOut(p.text) !== want) misplaced.push('PII sentence');
    }
    expect(misplaced).toEqual([]);
  });
});

describe.each(SPLITS)('public corpora, %s split', (split) => {
  const get = (): SplitResult => results.get(split) as SplitResult;

  it('has corpora of every kind', () => {
    const r = get();
    expect(r.leaks.filter((l) => l.type !== null).length).toBeGreaterThan(split === 'tuning' ? 1000 : 500);
    expect(r.negatives.length).toBeGreaterThan(split === 'tuning' ? 200 : 100);
    expect(r.benign.length).toBeGreaterThanOrEqual(20);
  });

  it('leaks no secret of a claimed type (≥ 12 consecutive characters, or any part of a shorter one)', () => {
    const rows = recallByType(get().leaks.filter((l) => l.type !== null));
    const failing = rows
      .filter((r) => r.leaks > 0)
      .map((r) => `${r.type} ${r.leaks}/${r.cases}: ${r.examples.join(' | ')}`);
    expect(failing, failing.join('\n')).toEqual([]);
  });

  it(`changes at most ${MAX_CHANGED_LINE_RATE * 100} % of benign log lines (real-address pseudonyms aside)`, () => {
    const rows = get().benign;
    const total = totalRate(rows);
    const worst = rows
      .filter((r) => r.changed > 0)
      .sort((a, b) => b.rate - a.rate)
      .map((r) => `${r.family} ${r.changed}/${r.lines}: ${r.examples.slice(0, 3).join(' | ')}`);
    expect(total.rate, `${total.changed}/${total.lines} changed\n${worst.join('\n')}`).toBeLessThanOrEqual(
      MAX_CHANGED_LINE_RATE,
    );
  });
});
