/**
 * The README's detector lists are the registry's: the detector table (ids and names, in registry order), the
 * "Self-evident values" list and the "values found by context" list (split by `selfEvident`), and the range "S1–S…"
 * of the secret detectors that scan labels (README and docs/design/redaction.md). A new detector fails here until
 * each list names it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DETECTORS } from '../src/detectors/registry.js';

const root = join(import.meta.dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'packages', 'redaction', 'README.md'), 'utf8');
const design = readFileSync(join(root, 'docs', 'design', 'redaction.md'), 'utf8');

/** `S1, S2, S4–S9, P1` → `['S1', 'S2', 'S4', …, 'S9', 'P1']`. */
function expandIds(list: string): string[] {
  return list.split(/,\s*/).flatMap((item) => {
    const range = /^([SP])(\d+)–\1(\d+)$/.exec(item.trim());
    if (range === null) return [item.trim()];
    const [, kind, from, to] = range;
    return Array.from({ length: Number(to) - Number(from) + 1 }, (_, i) => `${kind}${Number(from) + i}`);
  });
}

/** The id list in parentheses right after `lead` (e.g. `Self-evident values (S1, S2, …: prose)`). */
function idsAfter(lead: string): string[] {
  const at = readme.indexOf(lead);
  expect(at, `"${lead}" in packages/redaction/README.md`).toBeGreaterThanOrEqual(0);
  const list = /^\s*\(([SP][\d–SP, ]*)/.exec(readme.slice(at + lead.length))?.[1] ?? '';
  return expandIds(list.replace(/[,\s]+$/, ''));
}

const ids = (selfEvident: boolean) =>
  BUILTIN_DETECTORS.filter((d) => (d.selfEvident === true) === selfEvident).map((d) => d.id);

describe('packages/redaction/README.md lists the registry', () => {
  it('has one detector table row per built-in detector, id and name, in registry order', () => {
    const rows = [...readme.matchAll(/^\| ([SP]\d+) \| `([A-Z_0-9]+)` \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(BUILTIN_DETECTORS.map((d) => [d.id, d.name]));
  });

  it('names every selfEvident detector under "Self-evident values", and only those', () => {
    expect(idsAfter('Self-evident values')).toEqual(ids(true));
  });

  it('names every other detector among the "values found by context", and only those', () => {
    expect(idsAfter('values found by context')).toEqual(ids(false));
  });

  it('gives the secret detectors that scan eventName and severityText as "S1–S<last> and P…"', () => {
    const secrets = BUILTIN_DETECTORS.filter((d) => d.category === 'secret').map((d) => d.id);
    for (const [file, text] of [
      ['packages/redaction/README.md', readme],
      ['docs/design/redaction.md', design],
    ] as const) {
      const lists = [...text.matchAll(/S1–S\d+(?: and P\d+(?:, P\d+)*)?/g)].map((m) => m[0]);
      expect(lists.length, file).toBeGreaterThan(0);
      for (const list of lists) expect(expandIds(list.replace(' and ', ', ')), `${file}: ${list}`).toEqual(secrets);
    }
  });
});
