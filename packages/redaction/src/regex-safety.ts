/**
 * Static ReDoS checker for user-supplied patterns. It parses the pattern and rejects, with the rule that failed:
 * - `empty-match`: the pattern can match the empty string (it would "find" something at every position);
 * - `unbounded`: `*`, `+` or `{n,}` (work must be bounded by the pattern, not by the input);
 * - `bound-too-large`: a count above 1000 (also keeps patterns RE2-compatible);
 * - `backreference` / `lookbehind`: not supported by linear engines and a source of super-linear matching;
 * - `ambiguous-repetition`: two repetitions that can consume the same characters one after the other, or a repeated
 *   group whose content can restart where it left off (`(a{1,5}){1,5}`, `\w{1,9}\s?\w{1,9}`): backtracking explodes;
 * - `ambiguous-alternation`: alternatives of a repeated group that can start with the same character.
 */

/** Result of `checkRegexSafety`: `safe`, or the rule that failed and why. */
export interface RegexSafetyVerdict {
  safe: boolean;
  rule?:
    | 'empty-match'
    | 'unbounded'
    | 'bound-too-large'
    | 'backreference'
    | 'lookbehind'
    | 'ambiguous-repetition'
    | 'ambiguous-alternation'
    | 'syntax';
  reason?: string;
}

export const MAX_REPETITION = 1000;

/** A set of characters: 128 ASCII bits plus one bit for "anything non-ASCII". */
class CharSet {
  readonly bits = new Uint32Array(4);
  other = false;
  add(lo: number, hi = lo): this {
    for (let c = lo; c <= Math.min(hi, 127); c++) this.bits[c >> 5]! |= 1 << (c & 31);
    if (hi > 127) this.other = true;
    return this;
  }
  union(o: CharSet): this {
    for (let i = 0; i < 4; i++) this.bits[i]! |= o.bits[i]!;
    this.other ||= o.other;
    return this;
  }
  complement(): CharSet {
    const r = new CharSet();
    for (let i = 0; i < 4; i++) r.bits[i] = ~this.bits[i]!;
    r.other = true;
    return r;
  }
  overlaps(o: CharSet): boolean {
    for (let i = 0; i < 4; i++) if ((this.bits[i]! & o.bits[i]!) !== 0) return true;
    return this.other && o.other;
  }
  foldCase(): this {
    for (let c = 65; c <= 90; c++) {
      const up = (this.bits[c >> 5]! >>> (c & 31)) & 1;
      const lo = (this.bits[(c + 32) >> 5]! >>> ((c + 32) & 31)) & 1;
      if (up || lo) this.add(c).add(c + 32);
    }
    return this;
  }
  static any(): CharSet {
    return new CharSet().add(0, 0x10ffff);
  }
}

const DIGIT = () => new CharSet().add(48, 57);
const WORD = () => new CharSet().add(48, 57).add(65, 90).add(97, 122).add(95);
const SPACE = () => new CharSet().add(9, 13).add(32).add(160, 0x10ffff);

interface Item {
  set: CharSet; // every character the item can consume
  first: CharSet; // characters it can start with
  last: CharSet; // characters it can end with
  min: number; // quantifier bounds
  max: number;
  minLen: number; // length bounds of the whole item
  maxLen: number;
  group?: Alt;
  offset: number;
}
interface Alt {
  seqs: Item[][];
}

class RegexUnsafe extends Error {
  constructor(
    readonly rule: NonNullable<RegexSafetyVerdict['rule']>,
    message: string,
  ) {
    super(message);
  }
}

class Parser {
  i = 0;
  constructor(
    readonly src: string,
    readonly ignoreCase: boolean,
  ) {}

  parseAlt(): Alt {
    const seqs: Item[][] = [[]];
    while (this.i < this.src.length) {
      const c = this.src[this.i];
      if (c === ')') break;
      if (c === '|') {
        this.i++;
        seqs.push([]);
        continue;
      }
      const item = this.parseAtom();
      if (item !== null) {
        this.parseQuantifier(item);
        seqs[seqs.length - 1]!.push(item);
      }
    }
    return { seqs };
  }

  parseAtom(): Item | null {
    const start = this.i;
    const c = this.src[this.i++] as string;
    const one = (set: CharSet): Item => {
      if (this.ignoreCase) set.foldCase();
      return { set, first: set, last: set, min: 1, max: 1, minLen: 1, maxLen: 1, offset: start };
    };
    if (c === '^' || c === '$') return null;
    if (c === '.') return one(CharSet.any());
    if (c === '[') return one(this.parseClass());
    if (c === '(') return this.parseGroup(start);
    if (c === '\\') {
      const e = this.src[this.i++] as string;
      if (e === 'b' || e === 'B') return null;
      if (/[1-9]/.test(e) || e === 'k')
        throw new RegexUnsafe('backreference', `backreference "\\${e}" at offset ${start}`);
      return one(this.escapeSet(e));
    }
    if (c === '*' || c === '+' || c === '?') throw new RegexUnsafe('syntax', `nothing to repeat at offset ${start}`);
    return one(new CharSet().add(c.codePointAt(0)!));
  }

  escapeSet(e: string): CharSet {
    switch (e) {
      case 'd':
        return DIGIT();
      case 'w':
        return WORD();
      case 's':
        return SPACE();
      case 'D':
        return DIGIT().complement();
      case 'W':
        return WORD().complement();
      case 'S':
        return SPACE().complement();
      case 'n':
        return new CharSet().add(10);
      case 'r':
        return new CharSet().add(13);
      case 't':
        return new CharSet().add(9);
      case 'x':
      case 'u':
      case 'c':
      case 'p':
      case 'P':
        // Hex, unicode and property escapes: treat as "any character" (conservative for overlap checks).
        this.skipEscapeBody(e);
        return CharSet.any();
      default:
        return new CharSet().add(e.codePointAt(0)!);
    }
  }

  skipEscapeBody(e: string): void {
    if (e === 'x') this.i += 2;
    else if (e === 'c') this.i += 1;
    else if (this.src[this.i] === '{') this.i = this.src.indexOf('}', this.i) + 1;
    else if (e === 'u') this.i += 4;
  }

  parseClass(): CharSet {
    let set = new CharSet();
    const negate = this.src[this.i] === '^';
    if (negate) this.i++;
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== ']' || first)) {
      first = false;
      let lo: CharSet | number;
      const c = this.src[this.i++] as string;
      if (c === '\\') {
        const e = this.src[this.i++] as string;
        if ('dwsDWSxucpP'.includes(e)) {
          set.union(this.escapeSet(e));
          continue;
        }
        lo = e === 'n' ? 10 : e === 'r' ? 13 : e === 't' ? 9 : e.codePointAt(0)!;
      } else lo = c.codePointAt(0)!;
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        let hiChar = this.src[this.i++] as string;
        if (hiChar === '\\') hiChar = this.src[this.i++] as string;
        set.add(lo, hiChar.codePointAt(0)!);
      } else set.add(lo);
    }
    if (this.src[this.i] !== ']') throw new RegexUnsafe('syntax', 'unterminated character class');
    this.i++;
    if (this.ignoreCase) set.foldCase();
    if (negate) set = set.complement();
    return set;
  }

  parseGroup(start: number): Item | null {
    let lookahead = false;
    if (this.src[this.i] === '?') {
      const rest = this.src.slice(this.i, this.i + 3);
      if (rest.startsWith('?<=') || rest.startsWith('?<!')) {
        throw new RegexUnsafe('lookbehind', `lookbehind at offset ${start}`);
      }
      if (rest.startsWith('?=') || rest.startsWith('?!')) {
        lookahead = true;
        this.i += 2;
      } else if (rest.startsWith('?<')) {
        this.i = this.src.indexOf('>', this.i) + 1;
      } else {
        const colon = this.src.indexOf(':', this.i);
        if (colon < 0) throw new RegexUnsafe('syntax', `bad group at offset ${start}`);
        this.i = colon + 1;
      }
    }
    const alt = this.parseAlt();
    if (this.src[this.i] !== ')') throw new RegexUnsafe('syntax', `unterminated group at offset ${start}`);
    this.i++;
    checkAlt(alt, false);
    if (lookahead) return null;
    const set = new CharSet();
    const first = new CharSet();
    const last = new CharSet();
    let minLen = Number.POSITIVE_INFINITY;
    let maxLen = 0;
    for (const seq of alt.seqs) {
      let mn = 0;
      let mx = 0;
      for (const it of seq) {
        set.union(it.set);
        mn += it.minLen;
        mx += it.maxLen;
      }
      first.union(firstSet(seq, 0));
      last.union(lastSet(seq));
      minLen = Math.min(minLen, mn);
      maxLen = Math.max(maxLen, mx);
    }
    return { set, first, last, min: 1, max: 1, minLen, maxLen, group: alt, offset: start };
  }

  parseQuantifier(item: Item): void {
    const c = this.src[this.i];
    let min = 1;
    let max = 1;
    const at = this.i;
    if (c === '*' || c === '+') {
      throw new RegexUnsafe(
        'unbounded',
        `unbounded quantifier "${c}" at offset ${at}: use a bounded {m,n} with n ≤ ${MAX_REPETITION}`,
      );
    } else if (c === '?') {
      min = 0;
      this.i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m === null) return;
      min = Number(m[1]);
      if (m[2] === undefined) max = min;
      else if (m[3] === '') {
        throw new RegexUnsafe(
          'unbounded',
          `unbounded quantifier "${m[0]}" at offset ${at}: use {m,n} with n ≤ ${MAX_REPETITION}`,
        );
      } else max = Number(m[3]);
      if (max > MAX_REPETITION || min > max) {
        throw new RegexUnsafe(
          'bound-too-large',
          `quantifier "${m[0]}" at offset ${at} exceeds ${MAX_REPETITION} (or min > max)`,
        );
      }
      this.i += m[0].length;
    } else return;
    if (this.src[this.i] === '?') this.i++;
    if (this.src[this.i] === '*' || this.src[this.i] === '+' || this.src[this.i] === '{') {
      throw new RegexUnsafe('ambiguous-repetition', `stacked quantifiers at offset ${this.i}`);
    }
    item.min = min;
    item.max = max;
    item.minLen *= min;
    item.maxLen *= max;
    if (item.group !== undefined && max > 1) checkAlt(item.group, true);
  }
}

function variable(it: Item): boolean {
  return it.minLen !== it.maxLen;
}

/** Characters a sequence can start with from index k (through optional items). */
function firstSet(seq: Item[], k: number): CharSet {
  const s = new CharSet();
  for (let j = k; j < seq.length; j++) {
    s.union(seq[j]!.first);
    if (seq[j]!.minLen > 0) break;
  }
  return s;
}

/** Characters a sequence can end with (through optional trailing items). */
function lastSet(seq: Item[]): CharSet {
  const s = new CharSet();
  for (let j = seq.length - 1; j >= 0; j--) {
    s.union(seq[j]!.last);
    if (seq[j]!.minLen > 0) break;
  }
  return s;
}

/** Checks each sequence of an alternation; `repeated` means the group itself repeats (wrap-around applies). */
function checkAlt(alt: Alt, repeated: boolean): void {
  if (repeated && alt.seqs.length > 1) {
    for (let a = 0; a < alt.seqs.length; a++) {
      const fa = firstSet(alt.seqs[a]!, 0);
      if (alt.seqs[a]!.every((it) => it.minLen === 0)) {
        throw new RegexUnsafe('ambiguous-alternation', 'a repeated group has an alternative that can be empty');
      }
      for (let b = a + 1; b < alt.seqs.length; b++) {
        if (fa.overlaps(firstSet(alt.seqs[b]!, 0))) {
          throw new RegexUnsafe(
            'ambiguous-alternation',
            'alternatives of a repeated group can start with the same character',
          );
        }
      }
    }
  }
  for (const seq of alt.seqs) checkSequence(seq, repeated);
}

/** After a variable-length item, the next overlapping variable item must be fenced off by a required disjoint one. */
function checkSequence(seq: Item[], repeated: boolean): void {
  const n = seq.length;
  for (let q = 0; q < n; q++) {
    const Q = seq[q]!;
    if (!variable(Q)) continue;
    const steps = repeated ? n : n - q - 1;
    for (let s = 1; s <= steps; s++) {
      const idx = (q + s) % n;
      if (!repeated && q + s >= n) break;
      const N = seq[idx]!;
      // Ambiguous when what can follow Q could also extend Q's end (Q.last).
      const overlap = N.first.overlaps(Q.last);
      if (!overlap && N.minLen > 0) break;
      if (overlap && (variable(N) || idx === q)) {
        throw new RegexUnsafe(
          'ambiguous-repetition',
          `repetitions at offsets ${Q.offset} and ${N.offset} can consume the same characters (catastrophic backtracking)`,
        );
      }
    }
  }
}

/** Checks a pattern source against the safety rules; never throws. */
export function checkRegexSafety(source: string, flags = ''): RegexSafetyVerdict {
  try {
    new RegExp(source, flags);
  } catch (e) {
    return { safe: false, rule: 'syntax', reason: `not a valid regular expression (${(e as Error).message})` };
  }
  try {
    const p = new Parser(source, flags.includes('i'));
    const alt = p.parseAlt();
    if (p.i < source.length) return { safe: false, rule: 'syntax', reason: `unbalanced ")" at offset ${p.i}` };
    checkAlt(alt, false);
    const minLen = Math.min(...alt.seqs.map((seq) => seq.reduce((a, it) => a + it.minLen, 0)));
    if (minLen === 0 || new RegExp(source, flags).test('')) {
      return { safe: false, rule: 'empty-match', reason: 'the pattern can match the empty string' };
    }
    return { safe: true };
  } catch (e) {
    if (e instanceof RegexUnsafe) return { safe: false, rule: e.rule, reason: e.message };
    return { safe: false, rule: 'syntax', reason: (e as Error).message };
  }
}
