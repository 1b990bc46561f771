/**
 * One linear pass over a string that records which value shapes it contains, so that the email, card, SSN, IBAN and
 * IP detectors run only on strings that can hold a candidate (instead of one gate regex per detector), and — in the
 * same pass — where the trigger literals of the other detectors occur (`trigger-index.ts`). Every flag is a superset
 * of what its detector accepts: the prefilter may let a string through needlessly, never hide a finding.
 */
import { LOWER_ASCII, TRIGRAM_SHIFT, type TriggerIndex } from './trigger-index.js';

export const SHAPE_AT = 1;
/** A run of ≥ 12 digits with optional single `-`/space separators (card candidates). */
export const SHAPE_CARD = 2;
/** A run of ≥ 9 digits with optional single `-`/space separators (SSN candidates). */
export const SHAPE_SSN = 4;
/** Two letters directly followed by two digits (IBAN country code + check digits). */
export const SHAPE_IBAN = 8;
/** Three dots between digits in a digits-and-dots run (IPv4), `::`, or 3 colons in a hex-and-colons run (IPv6). */
export const SHAPE_IP = 16;
/** A `%` or `\`: the string may hold escapes (`%40`, `\u0040`) and is decoded before detection. */
export const SHAPE_ESCAPE = 32;

export type ShapeName = 'at' | 'card' | 'ssn' | 'iban' | 'ip';

export const SHAPE_BITS: Record<ShapeName, number> = {
  at: SHAPE_AT,
  card: SHAPE_CARD,
  ssn: SHAPE_SSN,
  iban: SHAPE_IBAN,
  ip: SHAPE_IP,
};

const D = 1; // digit
const L = 2; // letter
const H = 4; // hex letter
const S = 8; // `-` or space (digit-group separator)
const P = 16; // `.`
const C = 32; // `:`
const A = 64; // `@`
const E = 128; // `%` or `\` (escape introducers)

/** Character classes of UTF-16 code units (non-ASCII: 0); a full table avoids a range branch per character. */
const CLASS = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) CLASS[c] = D;
for (let c = 65; c <= 90; c++) CLASS[c] = L | (c <= 70 ? H : 0);
for (let c = 97; c <= 122; c++) CLASS[c] = L | (c <= 102 ? H : 0);
CLASS[45] = S;
CLASS[32] = S;
CLASS[46] = P;
CLASS[58] = C;
CLASS[64] = A;
CLASS[37] = E;
CLASS[92] = E;
/** The class (low byte) and the lower-case ASCII code (high byte, 0 for non-ASCII) of each code unit: one load. */
const INFO = new Uint16Array(65536);
for (let c = 0; c < 65536; c++) INFO[c] = (CLASS[c] as number) | ((LOWER_ASCII[c] as number) << 8);

/** Candidate positions per shape (card, ssn, iban, ip), or `null` for a shape with too many to be worth windows. */
export interface ShapeCandidates {
  card: number[] | null;
  ssn: number[] | null;
  iban: number[] | null;
  ip: number[] | null;
}

/** Above this many candidates of one shape, its detector scans the whole string instead of windows. */
const MAX_CANDIDATES = 256;

/** Window around a candidate position (where the shape became certain) that contains the whole value. */
export const SHAPE_WINDOWS: Record<Exclude<ShapeName, 'at'>, { back: number; forward: number }> = {
  card: { back: 32, forward: 32 }, // ≤ 23 characters before the 12th digit, ≤ 9 after
  ssn: { back: 32, forward: 32 },
  iban: { back: 8, forward: 48 }, // starts 3 before the 2nd check digit; ≤ 34 characters + 8 spaces
  ip: { back: 48, forward: 48 }, // an address is at most 45 characters
};

function classAt(text: string, i: number): number {
  return i < 0 ? 0 : (CLASS[text.charCodeAt(i)] as number);
}

function note(list: number[] | null, i: number): number[] | null {
  if (list === null || list.length >= MAX_CANDIDATES) return null;
  list.push(i);
  return list;
}

/**
 * The one character pass over a string (docs/design/redaction.md#string-scanner). Returns a bit set of SHAPE_* flags
 * present in `text`; with `triggers`, also records every occurrence of a trigger literal (taken afterwards with
 * `triggers.takeHits()`), so that no regex has to read the string again; with `candidates`, also records where each
 * card, SSN, IBAN and IP candidate became certain (so detectors scan windows, not the whole string). With neither,
 * it stops as soon as every wanted flag is set.
 *
 * The state machine: `digitRun` counts the digits of the current run of digit groups (single `-`/space between
 * groups), `dots` the dots between digits of a digits-and-dots run, `colons` the colons of a hex-and-colons run; `k1`
 * … `k3` are the classes of the last three characters. Inside a run of letters and other characters (with no open
 * hex-and-colons run) every counter stays 0, so such runs are skipped in a tight loop that only feeds the triggers.
 */
export function scanText(
  text: string,
  wanted: number,
  triggers: TriggerIndex | null,
  candidates?: ShapeCandidates,
): number {
  const stopEarly = triggers === null && candidates === undefined;
  // The trigger search (see `trigger-index.ts`): `code` holds the last three characters, lower-cased, 7 bits each;
  // where the hashed table says an anchor may end, `check` compares the literals. An empty table when no triggers.
  const trigrams = triggers === null ? NO_TRIGRAMS : triggers.trigrams;
  const bigramEnds = triggers?.bigramEnds ?? NO_BIGRAM_ENDS;
  const bigrams = triggers?.bigrams ?? NO_BIGRAMS;
  let code = 0;
  let found = 0;
  let digitRun = 0;
  let dots = 0;
  let colons = 0;
  let k1 = 0;
  let k2 = 0;
  let k3 = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let info = INFO[text.charCodeAt(i)] as number;
    code = ((code << 7) | (info >>> 8)) & 0x1fffff;
    let group = trigrams[Math.imul(code, 0x9e3779b1) >>> TRIGRAM_SHIFT] as number;
    if (group !== 0) (triggers as TriggerIndex).check(text, i - 2, group);
    if (bigramEnds[code & 0x7f] === 1) {
      group = bigrams[code & 0x3fff] as number;
      if (group !== 0) (triggers as TriggerIndex).check(text, i - 1, group);
    }
    const k = info & 0xff;
    if (k === 0 || (k & L) !== 0) {
      // Letters and everything else end digit runs; non-hex letters also end hex-and-colon runs.
      digitRun = 0;
      dots = 0;
      if ((k & H) === 0) colons = 0;
      if (colons === 0) {
        // A run of letters and other characters: only the trigger search has anything to do.
        let j = i + 1;
        for (; j < n; j++) {
          info = INFO[text.charCodeAt(j)] as number;
          const kj = info & 0xff;
          if (kj !== 0 && (kj & L) === 0) break;
          code = ((code << 7) | (info >>> 8)) & 0x1fffff;
          group = trigrams[Math.imul(code, 0x9e3779b1) >>> TRIGRAM_SHIFT] as number;
          if (group !== 0) (triggers as TriggerIndex).check(text, j - 2, group);
          if (bigramEnds[code & 0x7f] === 1) {
            group = bigrams[code & 0x3fff] as number;
            if (group !== 0) (triggers as TriggerIndex).check(text, j - 1, group);
          }
        }
        if (j > i + 1) {
          i = j - 1;
          k3 = classAt(text, i - 2);
          k2 = classAt(text, i - 1);
          k1 = CLASS[text.charCodeAt(i)] as number;
          continue;
        }
      }
    } else if (k === D) {
      if (k1 === D || (k1 === S && k2 === D && digitRun > 0)) {
        if (++digitRun >= 9) {
          found |= digitRun >= 12 ? SHAPE_SSN | SHAPE_CARD : SHAPE_SSN;
          if (candidates !== undefined) {
            if (digitRun === 9) candidates.ssn = note(candidates.ssn, i);
            else if (digitRun === 12) candidates.card = note(candidates.card, i);
          }
        }
      } else digitRun = 1;
      if (k1 === D && (k2 & L) !== 0 && (k3 & L) !== 0) {
        found |= SHAPE_IBAN;
        if (candidates !== undefined) candidates.iban = note(candidates.iban, i);
      }
      if (k1 === P && k2 === D) {
        if (++dots >= 3) {
          found |= SHAPE_IP;
          if (dots === 3 && candidates !== undefined) candidates.ip = note(candidates.ip, i);
        }
      } else if (k1 !== D && k1 !== P) dots = 0;
      if ((k1 & (D | H | C | P)) === 0) colons = 0;
    } else if (k === S) {
      if (k1 !== D) digitRun = 0;
      dots = 0;
      colons = 0;
    } else if (k === P) {
      if (k1 !== D) dots = 0;
      digitRun = 0;
    } else if (k === C) {
      digitRun = 0;
      dots = 0;
      if ((k1 & (D | H | P | C)) === 0) colons = 0;
      colons++;
      if (k1 === C || colons >= 3) {
        found |= SHAPE_IP;
        if (candidates !== undefined && (k1 === C || colons === 3)) candidates.ip = note(candidates.ip, i);
      }
    } else {
      // `@`, or `%` / `\` (ends runs like any other character, and flags the string for decoding).
      found |= k === A ? SHAPE_AT : SHAPE_ESCAPE;
      digitRun = 0;
      dots = 0;
      colons = 0;
    }
    if (stopEarly && (found & wanted) === wanted) return found;
    k3 = k2;
    k2 = k1;
    k1 = k;
  }
  return found;
}

/** Stand-ins for a pass without triggers: tables that never hit. */
const NO_TRIGRAMS = new Uint16Array(1 << 12);
const NO_BIGRAM_ENDS = new Uint8Array(128);
const NO_BIGRAMS = new Uint16Array(1);

/** {@link scanText} without trigger literals: the value shapes only. */
export function scanShapes(text: string, wanted: number, candidates?: ShapeCandidates): number {
  return scanText(text, wanted, null, candidates);
}
