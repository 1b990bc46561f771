/**
 * The trigger literals found by the one character pass (`trigger-index.ts` + `scanText`) are exactly those the
 * case-insensitive alternation regex finds (longest literal first, searched again from the next position after each
 * match): same positions, same literal at each. And the pass gives the same shape flags with and without triggers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DETECTORS } from '../src/detectors/registry.js';
import { scanShapes, scanText } from '../src/internal/shape-prefilter.js';
import { TriggerIndex } from '../src/internal/trigger-index.js';

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** What the scanner did before the index: one `/gi` alternation, longest literal first. */
function regexHits(literals: readonly string[], text: string): string[] {
  const sorted = [...literals].sort((a, b) => b.length - a.length);
  const re = new RegExp(sorted.map(escapeLiteral).join('|'), 'gi');
  const out: string[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(`${m.index}:${m[0].toLowerCase()}`);
    re.lastIndex = m.index + 1;
  }
  return out;
}

function indexHits(index: TriggerIndex, text: string, candidates = false): string[] {
  scanText(text, 63, index, candidates ? { card: [], ssn: [], iban: [], ip: [] } : undefined);
  const hits = index.takeHits() ?? [];
  const out: string[] = [];
  for (let h = 0; h < hits.length; h += 2) out.push(`${hits[h]}:${index.literals[hits[h + 1] as number]}`);
  return out;
}

const builtin = [...new Set(BUILTIN_DETECTORS.flatMap((d) => d.triggers))].sort((a, b) => b.length - a.length);
const builtinIndex = TriggerIndex.of(builtin) as TriggerIndex;

/** Text made of literal pieces in random case, glued with tricky characters (non-ASCII that folds to ASCII, etc.). */
function textOf(literals: readonly string[]) {
  const piece = fc.oneof(
    fc.constantFrom(...literals),
    fc.constantFrom(...literals).map((l) => l.slice(0, Math.max(1, l.length - 1))),
    fc.constantFrom('\u212a', '\u017f', '\u0130', '\u0131', 'é', '😀', ' ', '=', ':', '_', '-', 'x', '0', '\ud800'),
    fc.string({ maxLength: 4 }),
  );
  return fc
    .tuple(fc.array(piece, { maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 64 }))
    .map(([pieces, upper]) =>
      [...pieces.join('')].map((ch, i) => (upper[i % Math.max(1, upper.length)] ? ch.toUpperCase() : ch)).join(''),
    );
}

describe('trigger index vs the alternation regex', () => {
  it('finds the built-in literals where the regex finds them', () => {
    fc.assert(
      fc.property(textOf(builtin), (text) => {
        expect(indexHits(builtinIndex, text)).toEqual(regexHits(builtin, text));
        expect(indexHits(builtinIndex, text, true)).toEqual(regexHits(builtin, text));
      }),
      { numRuns: 4000 },
    );
  });

  it('finds any set of literals (prefixes of each other, two-character ones, shared anchors)', () => {
    const literal = fc
      .string({ unit: fc.constantFrom('a', 'b', 'k', 'q', '~', '_', '=', '.', '-', '1'), minLength: 2, maxLength: 7 })
      .map((s) => s.toLowerCase());
    fc.assert(
      fc.property(
        fc
          .uniqueArray(literal, { minLength: 1, maxLength: 12 })
          .chain((lits) => fc.tuple(fc.constant(lits), textOf(lits))),
        ([lits, text]) => {
          const index = TriggerIndex.of(lits) as TriggerIndex;
          expect(index).not.toBeNull();
          expect(indexHits(index, text)).toEqual(regexHits(lits, text));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('is not built for literals it cannot fold like a non-Unicode /i regex', () => {
    expect(TriggerIndex.of(['ab', 'x'])).toBeNull();
    expect(TriggerIndex.of(['clé'])).toBeNull();
    expect(TriggerIndex.of(['token'])).not.toBeNull();
  });

  it('gives the same shape flags with and without triggers', () => {
    fc.assert(
      fc.property(
        textOf(builtin),
        fc.string({ unit: fc.constantFrom('1', '2', '.', ':', '-', ' ', 'a', 'G', 'B', '@', '%') }),
        (a, b) => {
          const text = `${a}${b}${a}`;
          const flags = scanShapes(text, 63, { card: [], ssn: [], iban: [], ip: [] });
          expect(scanText(text, 63, builtinIndex)).toBe(flags);
          builtinIndex.takeHits();
        },
      ),
      { numRuns: 2000 },
    );
  });
});
