/**
 * Seeded synthetic log corpus with exact spans (docs/design/redaction.md#measuring-it): log lines built from clean phrases, labelled
 * positives (every secret and PII generator) and hard negatives. Committed as code; the same seed gives the same bytes.
 */
import { type Fragment, join, plain } from './fragment.ts';
import { NEGATIVE_FRAGMENTS, NEGATIVE_KINDS } from './hard-negatives.ts';
import { cardFragment, emailFragment, ibanFragment, ipFragment, phoneFragment, ssnFragment } from './pii-generators.ts';
import { createPrng, type Prng } from './prng.ts';
import { SECRET_FRAGMENTS, SECRET_TYPES } from './secret-generators.ts';

export const PII_FRAGMENTS: Readonly<Record<string, (p: Prng) => Fragment>> = {
  CREDIT_CARD: cardFragment,
  US_SSN: ssnFragment,
  IBAN: ibanFragment,
  EMAIL: emailFragment,
  IP_ADDRESS: ipFragment,
  PHONE: phoneFragment,
};
export const PII_TYPES: readonly string[] = Object.keys(PII_FRAGMENTS);

const SERVICES = ['api', 'billing', 'auth', 'worker', 'gateway', 'search'];
const LEVELS = ['INFO', 'WARN', 'DEBUG', 'ERROR'];
const CLEAN_PHRASES = [
  'request completed',
  'cache miss for item',
  'retrying upstream call',
  'scheduled job finished',
  'user profile updated',
  'queue depth nominal',
  'handler returned status 200',
  'connection pool resized',
  'feature flag evaluated',
  'rendered template',
  'flushed batch of records',
  'rate limit window reset',
];

function linePrefix(p: Prng): Fragment {
  const ts = `2026-11-${String(p.int(1, 28)).padStart(2, '0')}T${String(p.int(0, 23)).padStart(2, '0')}:${String(p.int(0, 59)).padStart(2, '0')}:${String(p.int(0, 59)).padStart(2, '0')}.${p.digits(3)}Z`;
  return plain(`${ts} ${p.pick(LEVELS)} [${p.pick(SERVICES)}] ${p.pick(CLEAN_PHRASES)}`);
}

export interface CorpusOptions {
  seed: number;
  /** Lines per positive type (each carries one positive and one hard negative). */
  perType: number;
  /** Extra lines holding only hard negatives, per negative kind. */
  negativesPerKind: number;
  /** Hard-negative kinds to leave out (e.g. look-alikes another scanner would flag by design). */
  excludeNegatives?: readonly string[];
}

/**
 * Builds the labelled quality corpus: `perType` lines per positive type, each with that positive plus a random hard
 * negative, then `negativesPerKind` lines per hard-negative kind with two negatives each.
 */
export function buildQualityCorpus(options: CorpusOptions): Fragment[] {
  const p = createPrng(options.seed);
  const lines: Fragment[] = [];
  const all = { ...SECRET_FRAGMENTS, ...PII_FRAGMENTS };
  const kinds = NEGATIVE_KINDS.filter((k) => !options.excludeNegatives?.includes(k));
  for (const type of [...SECRET_TYPES, ...PII_TYPES]) {
    const make = all[type];
    if (!make) continue;
    for (let i = 0; i < options.perType; i++) {
      const neg = NEGATIVE_FRAGMENTS[p.pick(kinds)];
      const parts = [linePrefix(p), make(p)];
      if (neg) parts.splice(p.int(1, 2), 0, neg(p));
      lines.push(join(parts));
    }
  }
  for (const kind of kinds) {
    const make = NEGATIVE_FRAGMENTS[kind];
    if (!make) continue;
    for (let i = 0; i < options.negativesPerKind; i++) {
      const other = NEGATIVE_FRAGMENTS[p.pick(kinds)];
      lines.push(join(other ? [linePrefix(p), make(p), other(p)] : [linePrefix(p), make(p)]));
    }
  }
  return p.shuffle(lines);
}

/**
 * Mixed log lines for throughput (W8): `dirtyRate` of lines carry one random positive, the rest are clean lines of
 * roughly 110 bytes (timestamp, level, service, phrase, ids). `planted` lists the labelled sensitive values.
 */
export function buildThroughputCorpus(
  seed: number,
  count: number,
  dirtyRate: number,
): { lines: string[]; planted: { type: string; value: string }[] } {
  const p = createPrng(seed);
  const makers = [...Object.values(SECRET_FRAGMENTS), ...Object.values(PII_FRAGMENTS)];
  const lines: string[] = [];
  const planted: { type: string; value: string }[] = [];
  for (let i = 0; i < count; i++) {
    const base = `${linePrefix(p).text} duration_ms=${p.int(1, 999)} status=${p.pick([200, 201, 204, 304, 404, 500])}`;
    if (p.chance(dirtyRate)) {
      const f = p.pick(makers)(p);
      for (const s of f.spans)
        if (s.kind === 'positive') planted.push({ type: s.type, value: f.text.slice(s.start, s.end) });
      lines.push(`${base} ${f.text}`);
    } else lines.push(`${base} route=/v1/${p.pick(['users', 'orders', 'items'])}/${p.int(1, 99999)}`);
  }
  return { lines, planted };
}

export function buildThroughputLines(seed: number, count: number, dirtyRate: number): string[] {
  return buildThroughputCorpus(seed, count, dirtyRate).lines;
}
