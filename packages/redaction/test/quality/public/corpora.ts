/**
 * Loaders for the public evaluation corpora (scanner fixtures, system logs, user agents, labelled PII) that nobody on
 * the project wrote. They are vendored in this repository under `packages/redaction/test/quality/corpus/public/`, each
 * corpus with its LICENSE and PROVENANCE.md (registry, package, version, SHA-256); `derive/derive-corpora.ts`
 * re-derives them from the registry artefacts. Layout, provenance and the split rule: `README.md` beside this file.
 *
 * ```
 * scanner-fixtures/<source>/cases.{tuning,heldout}.jsonl      one ScannerCase per line
 * system-logs/<source>/<family>.{tuning,heldout}.log           one benign log line per line
 * user-agents/<source>/user-agents.{tuning,heldout}.txt        one User-Agent string per line
 * pii/presidio-evaluator/sentences.{tuning,heldout}.jsonl      one labelled sentence per line
 * ```
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type Split = 'tuning' | 'heldout';
export const SPLITS: readonly Split[] = ['tuning', 'heldout'];

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..', '..', '..');

/** The vendored corpora; nothing is read from outside the repository. */
export const CORPORA_ROOT = join(REPO_ROOT, 'packages', 'redaction', 'test', 'quality', 'corpus', 'public');

/** The corpora directory, or an error that says where it was looked for. */
export function corporaRoot(): string {
  if (existsSync(join(CORPORA_ROOT, 'scanner-fixtures'))) return CORPORA_ROOT;
  throw new Error(`public redaction corpora not found in ${CORPORA_ROOT} (see test/quality/public/README.md)`);
}

/**
 * The split rule the corpora were cut with: a unit is held out iff the first 32 bits of SHA-256 of its key (UTF-8),
 * mod 10, are < 3 (≈ 30 %). Keys: a log line or User-Agent itself; a scanner case's rule + generated secret (so that
 * every context of one secret lands on the same side) or, for secretlint, rule/case.
 */
export function isHeldOut(key: string): boolean {
  return Number.parseInt(createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 8), 16) % 10 < 3;
}

/** One scanner fixture: a true positive (with the secrets the scanner reported) or a negative. */
export interface ScannerCase {
  id: string;
  /** The scanner's rule id (`github-pat`, `aws`, …). */
  rule: string;
  /** secretlint: the snapshot case name (`ng.apikey`). */
  case?: string;
  /** secretlint: the message ids reported for a positive. */
  messageIds?: string[];
  kind: 'positive' | 'negative';
  text: string;
  /** What the scanner reported as the secret (a positive's matched values; empty for negatives). */
  secrets: string[];
}

export interface ScannerSource {
  source: string;
  split: Split;
  cases: ScannerCase[];
}

const readLines = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);

export function loadScannerFixtures(split: Split, root = corporaRoot()): ScannerSource[] {
  const base = join(root, 'scanner-fixtures');
  return readdirSync(base)
    .filter((d) => existsSync(join(base, d, `cases.${split}.jsonl`)))
    .sort()
    .map((source) => ({
      source,
      split,
      cases: readLines(join(base, source, `cases.${split}.jsonl`)).map((l) => JSON.parse(l) as ScannerCase),
    }));
}

export interface LogFamily {
  /** `<source>/<family>`, e.g. `elastic-examples/openssh-auth`. */
  family: string;
  split: Split;
  lines: string[];
}

export function loadLogFamilies(split: Split, root = corporaRoot()): LogFamily[] {
  const base = join(root, 'system-logs');
  const out: LogFamily[] = [];
  for (const source of readdirSync(base).sort()) {
    const dir = join(base, source);
    for (const f of readdirSync(dir).sort()) {
      const m = /^(.+)\.(tuning|heldout)\.log$/.exec(f);
      if (!m || m[2] !== split) continue;
      out.push({ family: `${source}/${m[1]}`, split, lines: readLines(join(dir, f)) });
    }
  }
  return out;
}

export function loadUserAgents(split: Split, root = corporaRoot()): string[] {
  const base = join(root, 'user-agents');
  const out: string[] = [];
  for (const source of readdirSync(base).sort()) {
    const file = join(base, source, `user-agents.${split}.txt`);
    if (existsSync(file)) out.push(...readLines(file));
  }
  return out;
}

/** One labelled sentence with its PII spans (character offsets). */
export interface PiiSentence {
  text: string;
  spans: { type: string; start: number; end: number }[];
}

/**
 * Synthetic sentences with labelled PII spans, generated with the PyPI package presidio-evaluator's data generator
 * (MIT; `pii/presidio-evaluator/`), split like every corpus here by the hash of the sentence.
 */
export function loadPresidio(split: Split, root = corporaRoot()): PiiSentence[] {
  return readLines(join(root, 'pii', 'presidio-evaluator', `sentences.${split}.jsonl`)).map((l) => {
    const r = JSON.parse(l) as {
      full_text: string;
      spans: { entity_type: string; start_position: number; end_position: number }[];
    };
    return {
      text: r.full_text,
      spans: r.spans.map((x) => ({ type: x.entity_type, start: x.start_position, end: x.end_position })),
    };
  });
}
