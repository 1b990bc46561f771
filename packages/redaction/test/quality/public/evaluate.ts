/**
 * The public-corpus evaluation: leaks of claimed types on scanner true positives, changes to scanner negatives, and
 * the changed-line rate of benign logs. Engine-agnostic (it takes `redactText` / `redactAttributes` functions) and
 * never prints a secret: examples are shape-masked (`a`/`A`/`9`).
 */
import { createHash } from 'node:crypto';
import { alignRedaction, type RemovedRange } from '../span-alignment.ts';
import { shapeOf } from '../span-metrics.ts';
import { isLegitimatePseudonym } from './address-labels.ts';
import { CLAIMED_TYPES, type ClaimedType, claimOf, piiClaim, secretCore } from './claims.ts';
import type { LogFamily, PiiSentence, ScannerCase, ScannerSource, Split } from './corpora.ts';
import type { WebAppRecord } from './webapp-lines.ts';

export type RedactText = (text: string) => string;
export type RedactAttributes = (attrs: Record<string, string | number>) => Record<string, unknown>;

/** A secret survives when ≥ 12 consecutive characters of it are in the output (or any part of a shorter one). */
export const LEAK_WINDOW = 12;

export const lineId = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);

// ---------------------------------------------------------------------------------------------------------------
// True positives

export interface LeakCase {
  source: string;
  split: Split;
  caseId: string;
  rule: string;
  type: ClaimedType | null;
  outside?: string;
  /** `fixture`: the scanner's own text; `bare`: the secret alone in a neutral log line (self-identifying shapes). */
  context: 'fixture' | 'bare';
  secret: string;
  text: string;
}

/** Claimed types whose shape identifies itself without a key name, header or URL around it. */
const SELF_IDENTIFYING: ReadonlySet<ClaimedType> = new Set([
  'PRIVATE_KEY',
  'AWS_ACCESS_KEY_ID',
  'GITHUB_TOKEN',
  'GITLAB_TOKEN',
  'SLACK_TOKEN',
  'STRIPE_KEY',
  'GOOGLE_API_KEY',
  'AI_API_KEY',
  'VENDOR_TOKEN',
  'JWT',
]);
/** Rules whose value needs a keyword near it (README: Twilio within 40 chars of "twilio"; Sentry hex; `AccountKey=`). */
const NEEDS_KEYWORD = new Set([
  'twilio-api-key',
  'sentry-access-token',
  'np.twilio.1',
  'np.azure.1',
  'kingfisher.twilio.1',
  'kingfisher.azure.1',
  'kingfisher.azurestorage.key.1',
]);

export function expandPositives(sources: readonly ScannerSource[]): LeakCase[] {
  const out: LeakCase[] = [];
  const bareSeen = new Set<string>();
  for (const s of sources) {
    for (const c of s.cases) {
      if (c.kind !== 'positive') continue;
      for (const reported of c.secrets) {
        const secret = secretCore(s.source, c, reported);
        if (secret.trim().length === 0) continue;
        const claim = claimOf(s.source, c, secret);
        const base = { source: s.source, split: s.split, caseId: c.id, rule: c.rule, type: claim.type, secret };
        const withOutside = claim.outside ? { ...base, outside: claim.outside } : base;
        out.push({ ...withOutside, context: 'fixture', text: c.text });
        const bare =
          claim.type !== null &&
          SELF_IDENTIFYING.has(claim.type) &&
          !NEEDS_KEYWORD.has(c.rule) &&
          (claim.type !== 'PRIVATE_KEY' || secret.includes('-----BEGIN'));
        if (bare && reported === secret && !bareSeen.has(`${c.rule}\0${secret}`)) {
          bareSeen.add(`${c.rule}\0${secret}`);
          out.push({ ...withOutside, context: 'bare', text: `upstream call failed: ${secret} (attempt 2)` });
        }
      }
    }
  }
  return out;
}

/** presidio-research PII spans as leak cases (names, addresses and other NER types are not claimed and left out). */
export function expandPii(sentences: readonly PiiSentence[], split: Split): LeakCase[] {
  const out: LeakCase[] = [];
  sentences.forEach((s, i) => {
    for (const span of s.spans) {
      const claim = piiClaim(span.type, s.text.slice(span.start, span.end));
      if (claim.type === null && claim.outside?.startsWith('entity not claimed')) continue;
      const base = {
        source: 'presidio-research',
        split,
        caseId: `${i}`,
        rule: span.type,
        type: claim.type,
        secret: s.text.slice(span.start, span.end),
        context: 'fixture' as const,
        text: s.text,
      };
      out.push(claim.outside ? { ...base, outside: claim.outside } : base);
    }
  });
  return out;
}

function pemBody(secret: string): string {
  const m =
    /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:\\n|\r?\n|\s)*([\s\S]*?)(?:(?:\\n|\r?\n|\s)*-----END|$)/.exec(
      secret,
    );
  return m?.[1] && m[1].length > 0 ? m[1] : secret;
}

/**
 * Whether `secret` survives redaction. With an exact alignment (the evaluation policy's tokens) the check is
 * positional, per occurrence of the secret in the input: a run of ≥ 12 consecutive characters left in place, or for a
 * secret shorter than 12 any character left in place. Occurrences glued to further letters or digits (the same value
 * inside a longer word, which the scanners deliberately do not report) are only used when the secret has no
 * standalone occurrence. Without an exact alignment: any ≥ 12-character window of the secret anywhere in the output.
 */
export function survives(
  secret: string,
  input: string,
  output: string,
  removed: readonly RemovedRange[] | null,
): boolean {
  const core = secret.includes('PRIVATE KEY') ? pemBody(secret) : secret;
  if (removed === null) {
    if (core.length < LEAK_WINDOW) return output.includes(core);
    for (let i = 0; i + LEAK_WINDOW <= core.length; i++)
      if (output.includes(core.slice(i, i + LEAK_WINDOW))) return true;
    return false;
  }
  const all: number[] = [];
  for (let at = input.indexOf(core); at >= 0; at = input.indexOf(core, at + 1)) all.push(at);
  if (all.length === 0) return output.includes(core);
  const alnum = /[A-Za-z0-9]/;
  const standalone = all.filter(
    (at) =>
      !(alnum.test(core[0] ?? '') && alnum.test(input[at - 1] ?? '')) &&
      !(alnum.test(core[core.length - 1] ?? '') && alnum.test(input[at + core.length] ?? '')),
  );
  const covered = (k: number): boolean => removed.some((r) => r.start <= k && k < r.end);
  const threshold = core.length < LEAK_WINDOW ? 1 : LEAK_WINDOW;
  for (const at of standalone.length > 0 ? standalone : all) {
    let run = 0;
    for (let k = at; k < at + core.length; k++) {
      run = covered(k) ? 0 : run + 1;
      if (run >= threshold) return true;
    }
  }
  return false;
}

export interface LeakResult extends LeakCase {
  leaked: boolean;
}

export function runLeaks(cases: readonly LeakCase[], redact: RedactText): LeakResult[] {
  const outputs = new Map<string, { out: string; removed: RemovedRange[] | null }>();
  return cases.map((c) => {
    let r = outputs.get(c.text);
    if (!r) {
      const out = redact(c.text);
      const a = alignRedaction(c.text, out);
      r = { out, removed: a.exact ? a.ranges : null };
      outputs.set(c.text, r);
    }
    return { ...c, leaked: survives(c.secret, c.text, r.out, r.removed) };
  });
}

export interface TypeRecall {
  type: string;
  cases: number;
  leaks: number;
  recall: number;
  examples: string[];
}

/** Recall per claimed type (1 − leaks / cases), plus one row for fixtures outside the claims. */
export function recallByType(results: readonly LeakResult[], examples = 6): TypeRecall[] {
  const rows = new Map<string, TypeRecall>();
  for (const t of [...CLAIMED_TYPES, 'unclaimed'])
    rows.set(t, { type: t, cases: 0, leaks: 0, recall: 1, examples: [] });
  for (const r of results) {
    const row = rows.get(r.type ?? 'unclaimed') as TypeRecall;
    row.cases++;
    if (r.leaked) {
      row.leaks++;
      if (row.examples.length < examples) row.examples.push(describeLeak(r));
    }
  }
  for (const row of rows.values()) row.recall = row.cases === 0 ? 1 : 1 - row.leaks / row.cases;
  return [...rows.values()];
}

/** `source rule (context): «text around the secret, secret shape-masked»`. */
export function describeLeak(r: LeakCase): string {
  const at = r.text.indexOf(r.secret);
  const before = at >= 0 ? r.text.slice(Math.max(0, at - 32), at) : '';
  const after = at >= 0 ? r.text.slice(at + r.secret.length, at + r.secret.length + 12) : '';
  const ctx = `${before}⟦${shapeOf(r.secret)}⟧${after}`.replace(/\s+/g, ' ');
  return `${r.source} ${r.rule} (${r.context}): «${ctx}»`;
}

// ---------------------------------------------------------------------------------------------------------------
// Changes to text: what a replacement removed, minus legitimate pseudonyms of real addresses

export interface Change {
  /** Illegitimate replaced ranges (type + shape-masked removed text in context). */
  findings: string[];
  /** Replaced ranges that are real addresses (IP/e-mail pseudonyms). */
  pseudonyms: number;
  unaligned: boolean;
}

export function classifyChange(input: string, output: string): Change {
  if (input === output) return { findings: [], pseudonyms: 0, unaligned: false };
  const a = alignRedaction(input, output);
  if (!a.exact) {
    // A mask or another replacement that is not a token: describe the changed region (common prefix/suffix cut).
    const r = a.ranges[0];
    const region = r ? input.slice(r.start, r.end) : input;
    const before = r ? input.slice(Math.max(0, r.start - 24), r.start).replace(/\s+/g, ' ') : '';
    return { findings: [`unaligned «${before}⟦${shapeOf(region)}⟧»`], pseudonyms: 0, unaligned: true };
  }
  const findings: string[] = [];
  let pseudonyms = 0;
  for (const r of a.ranges) {
    if (isLegitimatePseudonym(r.type, input, r.start, r.end)) pseudonyms++;
    else {
      const before = input.slice(Math.max(0, r.start - 24), r.start).replace(/\s+/g, ' ');
      const after = input.slice(r.end, r.end + 8).replace(/\s+/g, ' ');
      findings.push(`${r.type} «${before}⟦${shapeOf(input.slice(r.start, r.end))}⟧${after}»`);
    }
  }
  return { findings, pseudonyms, unaligned: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Negatives (scanner false-positive fixtures)

export interface NegativeResult {
  source: string;
  rule: string;
  id: string;
  changed: boolean;
  excluded?: string;
  findings: string[];
}

export function runNegatives(
  sources: readonly ScannerSource[],
  redact: RedactText,
  exclusions: Readonly<Record<string, string>>,
): NegativeResult[] {
  const out: NegativeResult[] = [];
  for (const s of sources) {
    for (const c of s.cases as ScannerCase[]) {
      if (c.kind !== 'negative' || c.text.length === 0) continue;
      const change = classifyChange(c.text, redact(c.text));
      const excluded = exclusions[c.id];
      const base = {
        source: s.source,
        rule: c.rule,
        id: c.id,
        changed: change.findings.length > 0,
        findings: change.findings,
      };
      out.push(excluded ? { ...base, excluded } : base);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Benign logs

export interface FamilyRate {
  family: string;
  lines: number;
  changed: number;
  /** Lines whose only changes are pseudonyms of real addresses. */
  pseudonymOnly: number;
  expected: number;
  rate: number;
  examples: string[];
}

export function runBenign(
  families: readonly { family: string; lines: readonly string[] }[],
  redact: RedactText,
  expectedChanges: Readonly<Record<string, string>>,
  examples = 8,
): FamilyRate[] {
  return families.map((f) => {
    const row: FamilyRate = {
      family: f.family,
      lines: 0,
      changed: 0,
      pseudonymOnly: 0,
      expected: 0,
      rate: 0,
      examples: [],
    };
    for (const line of f.lines) {
      row.lines++;
      const change = classifyChange(line, redact(line));
      if (change.findings.length === 0) {
        if (change.pseudonyms > 0) row.pseudonymOnly++;
        continue;
      }
      if (expectedChanges[lineId(line)]) {
        row.expected++;
        continue;
      }
      row.changed++;
      if (row.examples.length < examples) row.examples.push(`${lineId(line)} ${change.findings.join(' ; ')}`);
    }
    row.rate = row.lines === 0 ? 0 : row.changed / row.lines;
    return row;
  });
}

/** Web-app text lines, as families `webapp/combined`, `webapp/json`, `webapp/logfmt`. */
export function webAppFamilies(records: readonly WebAppRecord[]): { family: string; lines: string[] }[] {
  const by = new Map<string, string[]>();
  for (const r of records) {
    if (r.family === 'webapp/attributes') continue;
    const list = by.get(r.family) ?? [];
    list.push(r.text);
    by.set(r.family, list);
  }
  return [...by.entries()].map(([family, lines]) => ({ family, lines }));
}

/** `user_agent.original` set as an attribute: changed when it differs other than by real-address pseudonyms. */
export function runUaAttributes(records: readonly WebAppRecord[], redact: RedactAttributes, examples = 8): FamilyRate {
  const row: FamilyRate = {
    family: 'webapp/attributes',
    lines: 0,
    changed: 0,
    pseudonymOnly: 0,
    expected: 0,
    rate: 0,
    examples: [],
  };
  for (const r of records) {
    if (r.family !== 'webapp/attributes') continue;
    row.lines++;
    const out = redact(r.attributes);
    const ua = out['user_agent.original'];
    const change =
      typeof ua === 'string'
        ? classifyChange(r.userAgent, ua)
        : { findings: [`not a string: ${typeof ua}`], pseudonyms: 0 };
    if (change.findings.length === 0) {
      if (change.pseudonyms > 0 || out['client.address'] !== r.attributes['client.address']) row.pseudonymOnly++;
      continue;
    }
    row.changed++;
    if (row.examples.length < examples) row.examples.push(`user_agent.original ${change.findings.join(' ; ')}`);
  }
  row.rate = row.lines === 0 ? 0 : row.changed / row.lines;
  return row;
}

/** The gate on benign lines, for the engine and the collector safety net alike: at most 0.5 % changed per split. */
export const MAX_CHANGED_LINE_RATE = 0.005;

export function totalRate(rows: readonly FamilyRate[]): FamilyRate {
  const t: FamilyRate = { family: 'all', lines: 0, changed: 0, pseudonymOnly: 0, expected: 0, rate: 0, examples: [] };
  for (const r of rows) {
    t.lines += r.lines;
    t.changed += r.changed;
    t.pseudonymOnly += r.pseudonymOnly;
    t.expected += r.expected;
  }
  t.rate = t.lines === 0 ? 0 : t.changed / t.lines;
  return t;
}

export function familiesOf(logs: readonly LogFamily[]): { family: string; lines: string[] }[] {
  return logs.map((l) => ({ family: l.family, lines: l.lines }));
}
