/**
 * The value-shape state machine of the one character pass (`shape-prefilter.ts`), compiled into a transition table.
 * Digits, separators and colons of log lines (timestamps, numbers, addresses) change class at almost every
 * character, so a machine written as branches mispredicts on most of them; a table step is one load per character
 * whatever the input. The table is derived at load time from {@link step}, the machine as written, over every
 * state it can reach: the two cannot disagree.
 */

import { startsView } from './decoded-view.js';

export const SHAPE_AT = 1;
/** A run of ≥ 12 digits with optional single `-`/space/`+` separators (card candidates). */
export const SHAPE_CARD = 2;
/** A run of ≥ 9 digits with optional single `-`/space/`+` separators (SSN candidates). */
export const SHAPE_SSN = 4;
/** Two letters directly followed by two digits (IBAN country code + check digits). */
export const SHAPE_IBAN = 8;
/** Three dots between digits in a digits-and-dots run (IPv4), `::`, or 3 colons in a hex-and-colons run (IPv6). */
export const SHAPE_IP = 16;
/**
 * A `%`, `\` or `&`, or a character that starts a decoded view (`decoded-view.ts`): the string may hold escapes
 * (`%40`, `\u0040`, `&#64;`) or look-alikes (`４`, a zero-width space) and is decoded before detection.
 */
export const SHAPE_ESCAPE = 32;

export const D = 1; // digit
export const L = 2; // letter
export const H = 4; // hex letter
export const S = 8; // `-`, space or `+` (digit-group separator; `+` is a space in form-encoded text)
export const P = 16; // `.`
export const C = 32; // `:`
export const A = 64; // `@`
export const E = 128; // `%`, `\`, `&` (escape introducers) and characters that start a decoded view

/** Character classes of UTF-16 code units (non-ASCII: 0); a full table avoids a range branch per character. */
export const CLASS = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) CLASS[c] = D;
for (let c = 65; c <= 90; c++) CLASS[c] = L | (c <= 70 ? H : 0);
for (let c = 97; c <= 122; c++) CLASS[c] = L | (c <= 102 ? H : 0);
CLASS[45] = S;
CLASS[32] = S;
CLASS[43] = S;
CLASS[46] = P;
CLASS[58] = C;
CLASS[64] = A;
CLASS[37] = E;
CLASS[92] = E;
CLASS[38] = E;
for (let c = 128; c < 65536; c++) if (startsView(c)) CLASS[c] = E;

/** The distinct classes; a class's position here is its column in the transition table. */
const CLASSES = [0, D, L, L | H, S, P, C, A, E];
export const COLUMNS = CLASSES.length;
/** Column of each code unit's class. */
export const COLUMN = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) COLUMN[c] = CLASSES.indexOf(CLASS[c] as number);

/**
 * The machine: `digitRun` counts the digits of the current run of digit groups (single `-`/space between groups),
 * `dots` the dots between digits of a digits-and-dots run, `colons` the colons of a hex-and-colons run; `k1` … `k3`
 * are the classes of the last three characters. Counters stop past the last value that matters (13, 4, 4), and
 * `k2`, `k3` keep only what is read of them (digit or letter, letter), so the states are finite and few.
 */
interface Machine {
  digitRun: number;
  dots: number;
  colons: number;
  k1: number;
  k2: number;
  k3: number;
}

/**
 * One character of class `k`: updates `m` and returns the shape flags that became certain at it — each at the
 * character where its candidate is noted (9th and 12th digit, the third dot, the third colon or `::`, the second
 * IBAN check digit), which is also where the flag is first set.
 */
function step(m: Machine, k: number): number {
  let flags = 0;
  const { k1, k2, k3 } = m;
  if (k === 0 || (k & L) !== 0) {
    // Letters and everything else end digit runs; non-hex letters also end hex-and-colon runs.
    m.digitRun = 0;
    m.dots = 0;
    if ((k & H) === 0) m.colons = 0;
  } else if (k === D) {
    if (k1 === D || (k1 === S && k2 === D && m.digitRun > 0)) {
      m.digitRun = Math.min(m.digitRun + 1, 13);
      if (m.digitRun === 9) flags |= SHAPE_SSN;
      else if (m.digitRun === 12) flags |= SHAPE_CARD;
    } else m.digitRun = 1;
    if (k1 === D && (k2 & L) !== 0 && (k3 & L) !== 0) flags |= SHAPE_IBAN;
    if (k1 === P && k2 === D) {
      m.dots = Math.min(m.dots + 1, 4);
      if (m.dots === 3) flags |= SHAPE_IP;
    } else if (k1 !== D && k1 !== P) m.dots = 0;
    if ((k1 & (D | H | C | P)) === 0) m.colons = 0;
  } else if (k === S) {
    if (k1 !== D) m.digitRun = 0;
    m.dots = 0;
    m.colons = 0;
  } else if (k === P) {
    if (k1 !== D) m.dots = 0;
    m.digitRun = 0;
  } else if (k === C) {
    m.digitRun = 0;
    m.dots = 0;
    if ((k1 & (D | H | P | C)) === 0) m.colons = 0;
    m.colons = Math.min(m.colons + 1, 4);
    if (k1 === C || m.colons === 3) flags |= SHAPE_IP;
  } else {
    // `@`, or an escape introducer or folded character (ends runs like any other character, and flags the string
    // for decoding).
    flags |= k === A ? SHAPE_AT : SHAPE_ESCAPE;
    m.digitRun = 0;
    m.dots = 0;
    m.colons = 0;
  }
  m.k3 = (k2 & L) !== 0 ? L : 0;
  m.k2 = k1 === D ? D : (k1 & L) !== 0 ? L : 0;
  m.k1 = k;
  return flags;
}

/** Set in a transition whose character leaves the machine idle (every counter 0): the run ends there. */
export const IDLE = 1 << 22;
/** A transition: the next state in the low 16 bits, the flags that became certain from bit 16, then {@link IDLE}. */
export const FLAGS_SHIFT = 16;
/** The idle state a run starts in, by the columns of the three characters before it: `(c1 * 9 + c2) * 9 + c3`. */
const ENTRY = new Uint16Array(COLUMNS * COLUMNS * COLUMNS);

/** The state a run starts in, given the columns of the 1st, 2nd and 3rd character before it (0 before the string). */
export function entryState(c1: number, c2: number, c3: number): number {
  return ENTRY[(c1 * COLUMNS + c2) * COLUMNS + c3] as number;
}

/** Numbers every state reachable from an idle one, and returns the transitions of {@link step} by state × column. */
function compile(): Uint32Array {
  const ids = new Map<string, number>();
  const states: Machine[] = [];
  const idOf = (m: Machine): number => {
    const key = `${m.digitRun},${m.dots},${m.colons},${m.k1},${m.k2},${m.k3}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = states.length;
      ids.set(key, id);
      states.push({ ...m });
    }
    return id;
  };
  for (let c1 = 0; c1 < COLUMNS; c1++) {
    for (let c2 = 0; c2 < COLUMNS; c2++) {
      for (let c3 = 0; c3 < COLUMNS; c3++) {
        // What the machine keeps of the classes (see `step`): all of k1, digit-or-letter of k2, letter of k3.
        const k1 = CLASSES[c1] as number;
        const k2 = CLASSES[c2] as number;
        const k3 = CLASSES[c3] as number;
        const kept = { k1, k2: k2 === D ? D : (k2 & L) !== 0 ? L : 0, k3: (k3 & L) !== 0 ? L : 0 };
        ENTRY[(c1 * COLUMNS + c2) * COLUMNS + c3] = idOf({ digitRun: 0, dots: 0, colons: 0, ...kept });
      }
    }
  }
  const rows: number[] = [];
  for (let s = 0; s < states.length; s++) {
    for (const k of CLASSES) {
      const m = { ...(states[s] as Machine) };
      const flags = step(m, k);
      const idle = m.digitRun === 0 && m.dots === 0 && m.colons === 0 ? IDLE : 0;
      rows.push(idOf(m) | (flags << FLAGS_SHIFT) | idle);
    }
  }
  if (states.length > 0xffff) throw new Error('shape automaton: too many states');
  return Uint32Array.from(rows);
}

/** Transitions by `state * COLUMNS + column`. */
export const STEPS = compile();
