/**
 * Loaders for the public evaluation corpora (scanner fixtures, system logs, user agents) that nobody on the project
 * wrote. Layout, provenance and the split rule are described in `README.md` beside this file.
 *
 * Where the corpora live, first match wins:
 * 1. `SECLOG_REDACTION_CORPORA` (a directory with the layout below);
 * 2. `packages/redaction/test/quality/corpus/public/` in this repository;
 * 3. `shared/datasets/redaction-public/` beside the repository (where presidio-research already lives).
 *
 * ```
 * scanner-fixtures/<source>/cases.{tuning,heldout}.jsonl   one ScannerCase per line
 * system-logs/<source>/<family>.{tuning,heldout}.log        one benign log line per line
 * user-agents/<source>/user-agents.{tuning,heldout}.txt     one User-Agent string per line
 * ```
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type Split = 'tuning' | 'heldout';
export const SPLITS: readonly Split[] = ['tuning', 'heldout'];

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..', '..', '..');

export function corporaCandidates(): string[] {
  const env = process.env.SECLOG_REDACTION_CORPORA;
  return [
    ...(env ? [resolve(env)] : []),
    join(REPO_ROOT, 'packages', 'redaction', 'test', 'quality', 'corpus', 'public'),
    join(REPO_ROOT, '..', 'shared', 'datasets', 'redaction-public'),
  ];
}

/** The corpora directory, or an error that says where it was looked for. */
export function corporaRoot(): string {
  const candidates = corporaCandidates();
  for (const c of candidates) if (existsSync(join(c, 'scanner-fixtures'))) return c;
  throw new Error(
    `public redaction corpora not found; looked in: ${candidates.join(', ')} (see test/quality/public/README.md)`,
  );
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

/** One presidio-research sentence with its labelled spans (character offsets). */
export interface PiiSentence {
  text: string;
  spans: { type: string; start: number; end: number }[];
}

/**
 * presidio-research `synth_dataset_v2.json` (MIT; 1,500 synthetic sentences with PII spans), split like every corpus
 * here by the hash of the sentence. Looked for in `<corpora>/pii/presidio-research/`, then in
 * `shared/datasets/presidio-research/` beside the repository (where the existing presidio gate reads it).
 */
export function loadPresidio(split: Split, root?: string): PiiSentence[] {
  const candidates = [
    ...(root ? [join(root, 'pii', 'presidio-research', 'synth_dataset_v2.json')] : []),
    join(REPO_ROOT, '..', 'shared', 'datasets', 'presidio-research', 'synth_dataset_v2.json'),
  ];
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`presidio-research synth_dataset_v2.json not found; looked in: ${candidates.join(', ')}`);
  const records = JSON.parse(readFileSync(file, 'utf8')) as {
    full_text: string;
    spans: { entity_type: string; start_position: number; end_position: number }[];
  }[];
  return records
    .filter((r) => isHeldOut(r.full_text) === (split === 'heldout'))
    .map((r) => ({
      text: r.full_text,
      spans: r.spans.map((x) => ({ type: x.entity_type, start: x.start_position, end: x.end_position })),
    }));
}
