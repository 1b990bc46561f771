/**
 * The value-shape flags come from a transition table compiled from the state machine (`shape-automaton.ts`). Each
 * flag also has a plain regular-expression definition; on random strings over the characters the machine reacts to,
 * the table must give exactly the flags of the definitions.
 */
import { describe, expect, it } from 'vitest';
import {
  SHAPE_AT,
  SHAPE_CARD,
  SHAPE_ESCAPE,
  SHAPE_IBAN,
  SHAPE_IP,
  SHAPE_SSN,
  scanShapes,
} from '../src/internal/shape-prefilter.js';

/** The flags by definition (test-only regexes, run on strings of at most 40 characters). */
const DEFINITIONS: [number, RegExp][] = [
  [SHAPE_AT, /@/],
  [SHAPE_CARD, /\d(?:[ +-]?\d){11}/],
  [SHAPE_SSN, /\d(?:[ +-]?\d){8}/],
  [SHAPE_IBAN, /[A-Za-z]{2}\d\d/],
  // IPv4: three dots between digits; IPv6: `::`, or three colons in a run of hex digits, dots and colons.
  [SHAPE_IP, /\d\.\d+\.\d+\.\d|::|[\dA-Fa-f.]*:[\dA-Fa-f.]*:[\dA-Fa-f.]*:/],
  // Escape introducers, and characters that start a decoded view (invisible, full-width letters and digits, Unicode
  // spaces), not the ones it folds only once built (full-width `，`, the ideographic space).
  [SHAPE_ESCAPE, /[%\\&\u00a0\u200b\uff14\u2011]/],
];

function defined(text: string): number {
  let flags = 0;
  for (const [flag, re] of DEFINITIONS) if (re.test(text)) flags |= flag;
  return flags;
}

describe('the compiled shape automaton', () => {
  it('gives the flags of their definitions on 50,000 random strings', () => {
    const alphabet = '0123456789 -+.:aAfFgGzZ@%\\&1234567.:  --\u00e9\u00a0\u200b\uff14\u2011\uff0c\u3000';
    let seed = 5;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 8;
    };
    for (let t = 0; t < 50_000; t++) {
      let text = '';
      for (let n = next() % 40; n > 0; n--) text += alphabet[next() % alphabet.length];
      const flags = scanShapes(text, 63, { card: [], ssn: [], iban: [], ip: [] });
      if (flags !== defined(text)) expect({ text, flags }).toEqual({ text, flags: defined(text) });
    }
  });
});
