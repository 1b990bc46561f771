/**
 * One linear pass over a string that records which value shapes it contains, so that the email, card, SSN, IBAN and
 * IP detectors run only on strings that can hold a candidate (instead of one gate regex per detector), and — in the
 * same pass — where the trigger literals of the other detectors occur (`trigger-index.ts`). Every flag is a superset
 * of what its detector accepts: the prefilter may let a string through needlessly, never hide a finding.
 */
import { codeUnitsOf } from './code-units.js';
import { LOWER_ASCII, SHARED_SLOT, TRIGRAM_SHIFT, type TriggerIndex } from './trigger-index.js';

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

/** The code unit at `i`: from the copied units when there are (see `code-units.ts`), else from the string. */
function unitAt(text: string, units: Uint16Array | null, i: number): number {
  return units === null ? text.charCodeAt(i) : (units[i] as number);
}

function classAt(text: string, units: Uint16Array | null, i: number): number {
  return i < 0 ? 0 : (CLASS[unitAt(text, units, i)] as number);
}

function note(list: number[] | null, i: number): number[] | null {
  if (list === null || list.length >= MAX_CANDIDATES) return null;
  list.push(i);
  return list;
}

/** Classes that move the shape state machine out of its idle state (every counter 0); `@`, `%`, `\` only set flags. */
const ACTIVE = D | C | A | E;

/** Local copies of imported constants: an imported binding is re-read (and checked) on every use in a hot loop. */
const SHIFT = TRIGRAM_SHIFT;
const SHARED = SHARED_SLOT;

/** Flags found by the last {@link followRun} (a second return value without allocating a pair). */
let runFlags = 0;

/**
 * The one character pass over a string (docs/design/redaction.md#string-scanner). Returns a bit set of SHAPE_* flags
 * present in `text`; with `triggers`, also records every occurrence of a trigger literal (taken afterwards with
 * `triggers.takeHits()`), so that no regex has to read the string again; with `candidates`, also records where each
 * card, SSN, IBAN and IP candidate became certain (so detectors scan windows, not the whole string). With neither,
 * it stops as soon as every wanted flag is set.
 *
 * Most characters of a log line (letters, spaces, punctuation) leave the shape state machine idle, so the loop only
 * feeds the trigger search and hands a digit or colon to {@link followRun}, which reads the run ahead until the state
 * machine is idle again; the loop resumes shape work past that point (every character is read at most twice).
 */
export function scanText(
  text: string,
  wanted: number,
  triggers: TriggerIndex | null,
  candidates?: ShapeCandidates,
): number {
  const stopEarly = triggers === null && candidates === undefined;
  // The trigger search (see `trigger-index.ts`): `code` holds the last three characters, lower-cased, 7 bits each;
  // where the hashed table says an anchor may end (and its exact code matches), `check` compares the literals.
  const trigrams = triggers === null ? NO_TRIGRAMS : triggers.trigrams;
  const anchors = triggers === null ? NO_ANCHORS : triggers.anchors;
  const secondAnchors = triggers === null ? NO_ANCHORS : triggers.secondAnchors;
  const bigramEnds = triggers?.bigramEnds ?? null;
  const bigrams = triggers?.bigrams ?? NO_BIGRAMS;
  let code = 0;
  let found = 0;
  /** Shape work is done up to here (a run was read ahead by `followRun`). */
  let shapedTo = 0;
  const n = text.length;
  const units = codeUnitsOf(text);
  for (let i = 0; i < n; i++) {
    const info = INFO[unitAt(text, units, i)] as number;
    code = ((code << 7) | (info >>> 8)) & 0x1fffff;
    const slot = Math.imul(code, 0x9e3779b1) >>> SHIFT;
    const group = trigrams[slot] as number;
    if (group !== 0) {
      const anchor = anchors[slot] as number;
      if (anchor === code || anchor === SHARED || secondAnchors[slot] === code) {
        (triggers as TriggerIndex).check(text, i - 2, group);
      }
    }
    if (bigramEnds !== null && bigramEnds[code & 0x7f] === 1) {
      const pair = bigrams[code & 0x3fff] as number;
      if (pair !== 0) (triggers as TriggerIndex).check(text, i - 1, pair);
    }
    if ((info & ACTIVE) === 0 || i < shapedTo) continue;
    if ((info & (A | E)) !== 0) found |= (info & A) !== 0 ? SHAPE_AT : SHAPE_ESCAPE;
    else {
      shapedTo = followRun(text, units, i, candidates);
      found |= runFlags;
    }
    if (stopEarly && (found & wanted) === wanted) return found;
  }
  return found;
}

/**
 * The shape state machine from a digit or colon at `start` (entered idle) until it is idle again; returns the
 * position after the character that made it idle, and leaves the flags it found in `runFlags`.
 *
 * `digitRun` counts the digits of the current run of digit groups (single `-`/space between groups), `dots` the dots
 * between digits of a digits-and-dots run, `colons` the colons of a hex-and-colons run; `k1` … `k3` are the classes
 * of the last three characters. Letters, spaces and other characters keep an idle machine idle (all counters 0), so
 * only the runs that start at a digit or colon need it.
 */
function followRun(
  text: string,
  units: Uint16Array | null,
  start: number,
  candidates: ShapeCandidates | undefined,
): number {
  let found = 0;
  let digitRun = 0;
  let dots = 0;
  let colons = 0;
  let k3 = classAt(text, units, start - 3);
  let k2 = classAt(text, units, start - 2);
  let k1 = classAt(text, units, start - 1);
  const n = text.length;
  let i = start;
  for (; i < n; i++) {
    const k = CLASS[unitAt(text, units, i)] as number;
    if (k === 0 || (k & L) !== 0) {
      // Letters and everything else end digit runs; non-hex letters also end hex-and-colon runs.
      digitRun = 0;
      dots = 0;
      if ((k & H) === 0) colons = 0;
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
    if (digitRun === 0 && dots === 0 && colons === 0) break;
    k3 = k2;
    k2 = k1;
    k1 = k;
  }
  runFlags = found;
  return i + 1;
}

/** Stand-ins for a pass without triggers: tables that never hit. */
const NO_TRIGRAMS = new Uint16Array(1 << 12);
const NO_ANCHORS = new Int32Array(1 << 12);
const NO_BIGRAMS = new Uint16Array(1);

/** {@link scanText} without trigger literals: the value shapes only. */
export function scanShapes(text: string, wanted: number, candidates?: ShapeCandidates): number {
  return scanText(text, wanted, null, candidates);
}
