/**
 * One linear pass over a string that records which value shapes it contains, so that the email, card, SSN, IBAN and
 * IP detectors run only on strings that can hold a candidate (instead of one gate regex per detector), and — in the
 * same pass — where the trigger literals of the other detectors occur (`trigger-index.ts`). Every flag is a superset
 * of what its detector accepts: the prefilter may let a string through needlessly, never hide a finding.
 */
import { codeUnitsOf } from './code-units.js';
import {
  A,
  C,
  CLASS,
  COLUMN,
  COLUMNS,
  D,
  E,
  entryState,
  FLAGS_SHIFT,
  IDLE,
  SHAPE_AT,
  SHAPE_CARD,
  SHAPE_ESCAPE,
  SHAPE_IBAN,
  SHAPE_IP,
  SHAPE_SSN,
  STEPS,
} from './shape-automaton.js';
import { LOWER_ASCII, SHARED_SLOT, TRIGRAM_SHIFT, type TriggerIndex } from './trigger-index.js';

export { SHAPE_AT, SHAPE_CARD, SHAPE_ESCAPE, SHAPE_IBAN, SHAPE_IP, SHAPE_SSN } from './shape-automaton.js';

export type ShapeName = 'at' | 'card' | 'ssn' | 'iban' | 'ip';

export const SHAPE_BITS: Record<ShapeName, number> = {
  at: SHAPE_AT,
  card: SHAPE_CARD,
  ssn: SHAPE_SSN,
  iban: SHAPE_IBAN,
  ip: SHAPE_IP,
};

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

function columnAt(text: string, units: Uint16Array | null, i: number): number {
  return i < 0 ? 0 : (COLUMN[unitAt(text, units, i)] as number);
}

function note(list: number[] | null, i: number): number[] | null {
  if (list === null || list.length >= MAX_CANDIDATES) return null;
  list.push(i);
  return list;
}

/**
 * Classes that move the shape state machine out of its idle state (every counter 0); `@` and escape
 * introducers or folded characters (`%`, `\`, `&`, `４`…) only set flags.
 */
const ACTIVE = D | C | A | E;

/** Local copies of imported constants: an imported binding is re-read (and checked) on every use in a hot loop. */
const SHIFT = TRIGRAM_SHIFT;
const SHARED = SHARED_SLOT;
const STEPS_ = STEPS;
const COLUMNS_ = COLUMNS;
const FLAGS_SHIFT_ = FLAGS_SHIFT;
const IDLE_ = IDLE;

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
 * The shape state machine (`shape-automaton.ts`) from a digit or colon at `start` (entered idle) until it is idle
 * again; returns the position after the character that made it idle, and leaves the flags it found in `runFlags`.
 * Letters, spaces and other characters keep an idle machine idle, so only the runs that start at a digit or colon
 * need it.
 */
function followRun(
  text: string,
  units: Uint16Array | null,
  start: number,
  candidates: ShapeCandidates | undefined,
): number {
  let state = entryState(
    columnAt(text, units, start - 1),
    columnAt(text, units, start - 2),
    columnAt(text, units, start - 3),
  );
  let found = 0;
  const n = text.length;
  let i = start;
  for (; i < n; i++) {
    const t = STEPS_[state * COLUMNS_ + (COLUMN[unitAt(text, units, i)] as number)] as number;
    const flags = (t >>> FLAGS_SHIFT_) & 0x3f;
    if (flags !== 0) {
      found |= flags;
      if (candidates !== undefined) noteCandidates(candidates, flags, i);
    }
    if ((t & IDLE_) !== 0) break;
    state = t & 0xffff;
  }
  runFlags = found;
  return i + 1;
}

/** Notes position `i` for each shape whose candidate became certain there. */
function noteCandidates(candidates: ShapeCandidates, flags: number, i: number): void {
  if ((flags & SHAPE_SSN) !== 0) candidates.ssn = note(candidates.ssn, i);
  if ((flags & SHAPE_CARD) !== 0) candidates.card = note(candidates.card, i);
  if ((flags & SHAPE_IBAN) !== 0) candidates.iban = note(candidates.iban, i);
  if ((flags & SHAPE_IP) !== 0) candidates.ip = note(candidates.ip, i);
}

/** Stand-ins for a pass without triggers: tables that never hit. */
const NO_TRIGRAMS = new Uint16Array(1 << 12);
const NO_ANCHORS = new Int32Array(1 << 12);
const NO_BIGRAMS = new Uint16Array(1);

/** {@link scanText} without trigger literals: the value shapes only. */
export function scanShapes(text: string, wanted: number, candidates?: ShapeCandidates): number {
  return scanText(text, wanted, null, candidates);
}
