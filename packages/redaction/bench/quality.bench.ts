/**
 * Detection-quality report (docs/design/redaction.md#measuring-it): span P/R/F1 (exact and overlap ≥ 50 %), leak rate
 * and over-redaction per
 * type on presidio-research synth_dataset_v2 (D1) and the seeded synthetic log corpus (D2). Prints markdown tables
 * for BENCHMARKS.md. Run: `pnpm exec tsc -b packages/redaction && pnpm bench quality`.
 */
import { resolve } from 'node:path';
import { createRedactor } from '@seclog/redaction';
import { buildQualityCorpus, PII_TYPES } from '../test/quality/corpus/log-corpus.ts';
import { SECRET_TYPES } from '../test/quality/corpus/secret-generators.ts';
import { redactEverything } from '../test/quality/evaluation-policy.ts';
import {
  detectorOf,
  formatNegativesTable,
  formatQualityTable,
  formatRecallTable,
  loadPresidioDataset,
  runRedactor,
  scoreRun,
} from '../test/quality/quality-report.ts';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const evaluation = createRedactor(redactEverything(createRedactor().policy));
const withPhone = createRedactor(redactEverything(createRedactor().policy, ['PHONE']));
const redact = (t: string): string => evaluation.redactText(t);

const presidio = loadPresidioDataset(repoRoot);
const d1 = runRedactor(presidio, redact, (t) => t);
const d1Types = ['CREDIT_CARD', 'EMAIL', 'IBAN', 'US_SSN', 'IP_ADDRESS', 'PHONE'];
console.log(
  `\n### D1 presidio-research synth_dataset_v2 (${presidio.length} sentences; unaligned outputs: ${d1.unaligned})\n`,
);
console.log(formatQualityTable(scoreRun(d1, d1Types)));
const d1Phone = runRedactor(
  presidio,
  (t) => withPhone.redactText(t),
  (t) => t,
);
console.log('\nSame, with the PHONE detector switched on for free text:\n');
console.log(formatQualityTable(scoreRun(d1Phone, ['PHONE'])));

const corpus = buildQualityCorpus({ seed: 2026, perType: 40, negativesPerKind: 20 });
const d2 = runRedactor(corpus, redact, (t) => t);
const d2ByDetector = runRedactor(corpus, redact, detectorOf);
const allTypes = [...SECRET_TYPES, ...PII_TYPES];
console.log(`\n### D2 synthetic log corpus (${corpus.length} lines, seed 2026; unaligned outputs: ${d2.unaligned})\n`);
console.log('Per detector (typed match):\n');
console.log(formatQualityTable(scoreRun(d2ByDetector, [...new Set(allTypes.map(detectorOf))])));
console.log('\nPer generated format (the detector that reports it may differ, e.g. key=value before prefix):\n');
console.log(formatRecallTable(scoreRun(d2, [...allTypes, 'URL_USERNAME'])));
const d2Phone = runRedactor(
  corpus,
  (t) => withPhone.redactText(t),
  (t) => t,
);
console.log('\nPHONE with the detector switched on for free text:\n');
console.log(formatRecallTable(scoreRun(d2Phone, ['PHONE'])));
console.log('\nHard negatives touched:\n');
console.log(formatNegativesTable(scoreRun(d2, allTypes)));
