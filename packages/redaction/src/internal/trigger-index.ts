/**
 * The trigger literals of the enabled detectors (`password=`, `ghp_`, `authorization`…), indexed so that the one
 * character pass of `shape-prefilter.ts` finds every occurrence while it reads the string for value shapes, instead
 * of a second pass with one large case-insensitive alternation regex.
 *
 * Each literal is anchored on its first three characters (two for two-character literals): the pass keeps the last
 * three characters, lower-cased, in a rolling code, looks it up in a small hashed table, and only where the table
 * says an anchor may end does it compare the literals of that anchor with the text. A hit is the position where a
 * literal starts and the longest literal that matches there — exactly what the alternation regex (longest literal
 * first, `/gi`, searched again from the next position after each match) reports, since all literals matching at one
 * position are prefixes of the longest. Case folding is ASCII-only, as a non-Unicode `/i` regex folds ASCII
 * literals: no non-ASCII character folds to an ASCII one.
 */

/** Slots of the trigram table (a power of two; 8 KiB of `Uint16`, so it stays in the first-level cache). */
const TRIGRAM_BITS = 12;
/** `Math.imul(code, 0x9e3779b1) >>> TRIGRAM_SHIFT` is the table slot of a rolling code. */
export const TRIGRAM_SHIFT = 32 - TRIGRAM_BITS;
const TRIGRAM_MASK = 0x1fffff;

/** In {@link TriggerIndex.anchors}: the slot holds anchors of several codes (compare the literals). */
export const SHARED_SLOT = -1;

/** Lower-case ASCII code of a UTF-16 code unit, 0 for anything else (no literal holds a NUL). */
export const LOWER_ASCII = new Uint8Array(65536);
for (let c = 1; c < 128; c++) LOWER_ASCII[c] = c >= 65 && c <= 90 ? c + 32 : c;

/** The rolling code of the last three characters after `c` (7 bits each). */
export function rollTrigram(code: number, c: number): number {
  return ((code << 7) | (LOWER_ASCII[c] as number)) & TRIGRAM_MASK;
}

/** Table slot of a rolling code. */
export function trigramSlot(code: number): number {
  return Math.imul(code, 0x9e3779b1) >>> TRIGRAM_SHIFT;
}

/** Literals that share a table slot (or a two-character anchor), longest first. */
interface Group {
  readonly ids: readonly number[];
  /**
   * The lower-case fourth characters of its literals, as a 128-bit set (`null` when one is shorter): most anchor
   * hits in prose (`api` in `[api]`, `lin` in `line`) are rejected by the character after the anchor at once.
   */
  readonly fourth: Uint32Array | null;
}

function fourthChars(literals: readonly string[], ids: readonly number[]): Uint32Array | null {
  const set = new Uint32Array(4);
  for (const id of ids) {
    const l = literals[id] as string;
    if (l.length < 4) return null;
    const c = l.charCodeAt(3);
    set[c >>> 5] = (set[c >>> 5] as number) | (1 << (c & 31));
  }
  return set;
}

/** Where the trigger literals occur in a string: pairs of (start position, literal id), positions ascending. */
export type TriggerHits = Int32Array;

/** Initial size of the hit buffer; it grows by doubling and shrinks back to this after a huge string. */
const HIT_BUFFER = 256;

export class TriggerIndex {
  /** The literals, by id (lower case). */
  readonly literals: readonly string[];
  /** Slot of the first three characters → group index + 1 (0: no literal). */
  readonly trigrams = new Uint16Array(1 << TRIGRAM_BITS);
  /**
   * Slot → the exact rolling code of its anchor, or {@link SHARED_SLOT}: a slot hit whose code differs is a hash
   * collision, dismissed without comparing literals (common English trigrams collide with some anchor's slot).
   */
  readonly anchors = new Int32Array(1 << TRIGRAM_BITS);
  /** The code of a second anchor in the same slot (0: none); a third one makes the slot {@link SHARED_SLOT}. */
  readonly secondAnchors = new Int32Array(1 << TRIGRAM_BITS);
  /** Two-character literals by their exact 14-bit code → group index + 1. */
  readonly bigrams: Uint16Array | null;
  /** Characters that end a two-character literal (checked before the bigram table). */
  readonly bigramEnds: Uint8Array | null;
  readonly #groups: Group[] = [];
  /**
   * Hits of the pass in progress, `[0, #count)`: filled by {@link check}, copied out by {@link takeHits}. One typed
   * buffer reused across passes: a string dense with literals (an adversarial input holds one every few characters)
   * would otherwise grow a fresh array of hundreds of thousands of entries, step by step.
   */
  #hits = new Int32Array(HIT_BUFFER);
  #count = 0;

  /**
   * The index of `literals` (lower-case), or `null` when one cannot be indexed (a non-ASCII character, fewer than
   * two characters): the caller then searches with a regex.
   */
  static of(literals: readonly string[]): TriggerIndex | null {
    for (const l of literals) {
      if (l.length < 2) return null;
      for (let i = 0; i < l.length; i++) {
        const c = l.charCodeAt(i);
        if (c === 0 || c >= 128 || LOWER_ASCII[c] !== c) return null;
      }
    }
    return new TriggerIndex(literals);
  }

  private constructor(literals: readonly string[]) {
    this.literals = literals;
    const bySlot = new Map<number, number[]>();
    const byBigram = new Map<number, number[]>();
    literals.forEach((l, id) => {
      let code = 0;
      for (let i = 0; i < Math.min(3, l.length); i++) code = rollTrigram(code, l.charCodeAt(i));
      const key = l.length >= 3 ? trigramSlot(code) : code & 0x3fff;
      if (l.length >= 3) this.#addAnchor(key, code, bySlot.has(key));
      const map = l.length >= 3 ? bySlot : byBigram;
      map.set(key, [...(map.get(key) ?? []), id]);
    });
    const addGroups = (map: Map<number, number[]>, table: Uint16Array) => {
      for (const [key, ids] of map) {
        ids.sort((a, b) => (literals[b] as string).length - (literals[a] as string).length);
        this.#groups.push({ ids, fourth: fourthChars(literals, ids) });
        table[key] = this.#groups.length;
      }
    };
    addGroups(bySlot, this.trigrams);
    if (byBigram.size > 0) {
      this.bigrams = new Uint16Array(1 << 14);
      this.bigramEnds = new Uint8Array(128);
      addGroups(byBigram, this.bigrams);
      for (const [code] of byBigram) this.bigramEnds[code & 0x7f] = 1;
    } else {
      this.bigrams = null;
      this.bigramEnds = null;
    }
  }

  #addAnchor(slot: number, code: number, taken: boolean): void {
    const first = this.anchors[slot] as number;
    const second = this.secondAnchors[slot] as number;
    if (!taken) this.anchors[slot] = code;
    else if (first === code || second === code || first === SHARED_SLOT) return;
    else if (second === 0) this.secondAnchors[slot] = code;
    else this.anchors[slot] = SHARED_SLOT;
  }

  /**
   * At a table hit for an anchor starting at `start`: records the longest literal of group `group` (index + 1) that
   * occurs at `start`, if any. Positions arrive in ascending order, except that a two-character literal's hit comes
   * one character before a longer literal's hit at the same start: the longer one then replaces it.
   */
  check(text: string, start: number, group: number): void {
    if (start < 0) return;
    const { ids, fourth } = this.#groups[group - 1] as Group;
    const n = text.length;
    if (fourth !== null) {
      if (start + 4 > n) return;
      const c = LOWER_ASCII[text.charCodeAt(start + 3)] as number;
      if (((fourth[c >>> 5] as number) & (1 << (c & 31))) === 0) return;
    }
    for (let g = 0; g < ids.length; g++) {
      const id = ids[g] as number;
      const lit = this.literals[id] as string;
      const len = lit.length;
      if (start + len > n) continue;
      // Compared from the end: the literals of a group share their start (anchor, fourth character), so a literal
      // that does not occur here differs sooner at its end (`passw_passw_…` against `passphrase`, `pass =`…).
      let k = len - 1;
      while (k >= 0 && LOWER_ASCII[text.charCodeAt(start + k)] === lit.charCodeAt(k)) k--;
      if (k >= 0) continue;
      let hits = this.#hits;
      const last = this.#count - 2;
      if (last >= 0 && hits[last] === start) {
        if ((this.literals[hits[last + 1] as number] as string).length < len) hits[last + 1] = id;
        return;
      }
      if (this.#count + 2 > hits.length) {
        hits = new Int32Array(hits.length * 2);
        hits.set(this.#hits);
        this.#hits = hits;
      }
      hits[this.#count] = start;
      hits[this.#count + 1] = id;
      this.#count += 2;
      return;
    }
  }

  /** The hits recorded since the last call (or `null`), handed over to the caller. */
  takeHits(): TriggerHits | null {
    const n = this.#count;
    if (n === 0) return null;
    this.#count = 0;
    // A small buffer is copied and kept; a large one (a string dense with literals) is handed over as it is and a
    // small one started, which neither copies megabytes nor keeps them.
    if (this.#hits.length <= HIT_BUFFER * 64) return this.#hits.slice(0, n);
    const hits = this.#hits.subarray(0, n);
    this.#hits = new Int32Array(HIT_BUFFER);
    return hits;
  }
}
