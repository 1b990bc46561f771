/**
 * Runs a text redactor over the labelled datasets and formats the quality tables. Engine-agnostic: it takes a
 * `redact(text) => text` function, so the vitest gate (engine from src) and the bench script (engine from dist)
 * share it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fragment, LabelledSpan } from './corpus/fragment.ts';
import { alignRedaction } from './span-alignment.ts';
import { type EvaluatedText, evaluateSpans, type QualityReport } from './span-metrics.ts';

export type RedactText = (text: string) => string;

/**
 * Corpus labels and engine token labels → the detector family that reports them (docs/design/redaction.md#value-detectors), so typed scores
 * compare like with like: the engine names vendor tokens individually (`NPM_TOKEN`) and key=value findings by key
 * class (`CREDENTIAL`, `TOKEN`…); HMAC tokens carry a lower-case value type (`email`, `ip`, `username`).
 */
export const LABEL_TO_DETECTOR: Readonly<Record<string, string>> = {
  SLACK_WEBHOOK: 'SLACK_TOKEN',
  OPENAI_KEY: 'AI_API_KEY',
  ANTHROPIC_KEY: 'AI_API_KEY',
  OPENAI_API_KEY: 'AI_API_KEY',
  ANTHROPIC_API_KEY: 'AI_API_KEY',
  ...Object.fromEntries(
    [
      'NPM_TOKEN',
      'SENDGRID_KEY',
      'SENDGRID_API_KEY',
      'TWILIO_KEY',
      'AZURE_STORAGE_KEY',
      'AZURE_CLIENT_SECRET',
      'VAULT_TOKEN',
      'HUGGINGFACE_TOKEN',
      'GRAFANA_TOKEN',
      'SHOPIFY_TOKEN',
      'SENTRY_TOKEN',
      'PYPI_TOKEN',
      'ONEPASSWORD_TOKEN',
      'LINEAR_API_KEY',
      'DOPPLER_TOKEN',
      'DIGITALOCEAN_TOKEN',
      'DATABRICKS_TOKEN',
      'AGE_SECRET_KEY',
    ].map((l) => [l, 'VENDOR_TOKEN']),
  ),
  KEY_VALUE_SECRET: 'KEY_VALUE',
  ...Object.fromEntries(
    ['CREDENTIAL', 'TOKEN', 'SESSION', 'PAYMENT', 'PAYMENTSAD', 'GOVERNMENTID', 'CONTACT', 'NETWORK', 'CONNECTION'].map(
      (l) => [l, 'KEY_VALUE'],
    ),
  ),
  URL_USERNAME: 'URL_CREDENTIALS',
  URL_USER: 'URL_CREDENTIALS',
  URL_PASSWORD: 'URL_CREDENTIALS',
  USERNAME: 'URL_CREDENTIALS',
  IP: 'IP_ADDRESS',
  CARD: 'CREDIT_CARD',
  SSN: 'US_SSN',
};

export const detectorOf = (label: string): string => LABEL_TO_DETECTOR[label] ?? label;

/** presidio-research entity → the engine's PII detector. */
export const PRESIDIO_TO_DETECTOR: Readonly<Record<string, string>> = {
  CREDIT_CARD: 'CREDIT_CARD',
  EMAIL_ADDRESS: 'EMAIL',
  IBAN_CODE: 'IBAN',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  PHONE_NUMBER: 'PHONE',
};

/** Engine token type → detector id (tokens may use lower case, as HMAC tokens do). */
export function normalizeEngineType(engineType: string): string {
  return engineType.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

interface PresidioRecord {
  full_text: string;
  spans: { entity_type: string; start_position: number; end_position: number }[];
}

/**
 * Loads the labelled PII sentences (presidio-evaluator's generator, vendored under
 * `test/quality/corpus/public/pii/presidio-evaluator/`, both splits) as labelled fragments; NER types are dropped
 * (they count as unlabelled). `repoRoot` is this repository's root: nothing is read from outside it.
 */
export function loadPresidioDataset(repoRoot: string): Fragment[] {
  const dir = join(
    repoRoot,
    'packages',
    'redaction',
    'test',
    'quality',
    'corpus',
    'public',
    'pii',
    'presidio-evaluator',
  );
  const records = ['tuning', 'heldout'].flatMap((split) =>
    readFileSync(join(dir, `sentences.${split}.jsonl`), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as PresidioRecord),
  );
  return records.map((r) => ({
    text: r.full_text,
    spans: r.spans.flatMap((s): LabelledSpan[] => {
      const type = PRESIDIO_TO_DETECTOR[s.entity_type];
      return type ? [{ start: s.start_position, end: s.end_position, type, kind: 'positive', category: 'pii' }] : [];
    }),
  }));
}

export interface RunResult {
  texts: EvaluatedText[];
  /** Outputs that could not be aligned with their input (replacement not in a known token format). */
  unaligned: number;
  /** Outputs equal to their input (nothing removed). */
  untouched: number;
}

/** Redacts every fragment and aligns output with input. `relabel` maps corpus labels to the scoring vocabulary. */
export function runRedactor(
  fragments: readonly Fragment[],
  redact: RedactText,
  relabel: (t: string) => string,
): RunResult {
  const texts: EvaluatedText[] = [];
  let unaligned = 0;
  let untouched = 0;
  for (const f of fragments) {
    const out = redact(f.text);
    if (out === f.text) untouched++;
    const a = alignRedaction(f.text, out);
    if (!a.exact) unaligned++;
    texts.push({
      text: f.text,
      spans: f.spans.map((s) => (s.kind === 'positive' ? { ...s, type: relabel(s.type) } : s)),
      removed: a.ranges.map((r) => ({ ...r, type: detectorOf(normalizeEngineType(r.type)) })),
    });
  }
  return { texts, unaligned, untouched };
}

export function scoreRun(run: RunResult, types: readonly string[]): QualityReport {
  return evaluateSpans(run.texts, types, (t) => t);
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const f3 = (x: number): string => x.toFixed(3);

/** Markdown table: one row per type with P/R/F1 (exact and overlap), any-type recall, leak and over-redaction. */
export function formatQualityTable(report: QualityReport): string {
  const rows = [
    '| Type | Labels | Preds | P exact | R exact | F1 exact | P ≥50% | R ≥50% | F1 ≥50% | R any type | Leak rate | Over-redacted chars |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const q of report.types) {
    if (q.labelled === 0 && q.predicted === 0) continue;
    rows.push(
      `| ${q.type} | ${q.labelled} | ${q.predicted} | ${f3(q.precisionExact)} | ${f3(q.recallExact)} | ${f3(q.f1Exact)} | ${f3(q.precisionOverlap)} | ${f3(q.recallOverlap)} | ${f3(q.f1Overlap)} | ${f3(q.recallAnyType)} | ${pct(q.leakRate)} | ${q.overRedactedChars} |`,
    );
  }
  rows.push(
    '',
    `Over-redaction (unlabelled characters removed): ${report.overRedactedChars} / ${report.unlabelledChars} = ${pct(report.overRedactionRate)}; ` +
      `predictions touching no label: ${report.falseAlarms} / ${report.predictions} (precision ${f3(report.falseAlarmPrecision)}).`,
  );
  return rows.join('\n');
}

/** Compact markdown table per generated format: recall whatever the reporting detector, and leak rate. */
export function formatRecallTable(report: QualityReport): string {
  const rows = ['| Format | Labels | Recall (any detector, overlap ≥ 50%) | Leak rate |', '|---|---|---|---|'];
  for (const q of report.types) {
    if (q.labelled === 0) continue;
    rows.push(`| ${q.type} | ${q.labelled} | ${f3(q.recallAnyType)} | ${pct(q.leakRate)} |`);
  }
  return rows.join('\n');
}

/** Markdown table of hard-negative kinds and how many were (wrongly) touched. */
export function formatNegativesTable(report: QualityReport): string {
  const rows = ['| Hard negative | Total | Touched |', '|---|---|---|'];
  for (const [kind, v] of Object.entries(report.negativesHit).sort()) rows.push(`| ${kind} | ${v.total} | ${v.hit} |`);
  return rows.join('\n');
}
