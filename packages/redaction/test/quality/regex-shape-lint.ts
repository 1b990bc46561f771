/**
 * A structural lint for regex sources, enforcing docs/design/redaction.md#redos-rules independently of safe-regex2 and recheck:
 * every repetition bounded (no `*`, `+`, `{n,}`), bounds ≤ 1000, no quantified group that itself contains a
 * quantifier (nested quantifiers), no backreferences, no lookbehind, and the pattern must not match the empty string.
 * A small tokenizer, not a full parser: it understands escapes, classes, groups and quantifiers, which is all the
 * shipped patterns use.
 */

export interface ShapeProblem {
  rule: 'unbounded' | 'bound-too-large' | 'nested-quantifier' | 'backreference' | 'lookbehind' | 'matches-empty';
  at: number;
}

interface Frame {
  /** Index in the source where the group opened. */
  open: number;
  containsQuantifier: boolean;
}

export function lintRegexShape(source: string, flags = ''): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const stack: Frame[] = [{ open: -1, containsQuantifier: false }];
  /** Whether the last atom was a group, and whether that group contained a quantifier. */
  let lastAtomGroupQuantified = false;
  let i = 0;
  const top = (): Frame => stack[stack.length - 1] as Frame;
  const quantifier = (at: number, min: number, max: number | undefined): void => {
    if (max === undefined) problems.push({ rule: 'unbounded', at });
    else if (max > 1000) problems.push({ rule: 'bound-too-large', at });
    if (lastAtomGroupQuantified) problems.push({ rule: 'nested-quantifier', at });
    // Exact counts (`{4}`) split input one way only; only variable repetition makes an enclosing repeat ambiguous.
    if (min !== max) top().containsQuantifier = true;
  };
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      if (/[1-9]/.test(n) || (n === 'k' && source[i + 2] === '<')) problems.push({ rule: 'backreference', at: i });
      i += 2;
      lastAtomGroupQuantified = false;
      continue;
    }
    if (c === '[') {
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      lastAtomGroupQuantified = false;
      continue;
    }
    if (c === '(') {
      if (source.startsWith('(?<=', i) || source.startsWith('(?<!', i)) problems.push({ rule: 'lookbehind', at: i });
      stack.push({ open: i, containsQuantifier: false });
      i +=
        source.startsWith('(?<', i) && !source.startsWith('(?<=', i) && !source.startsWith('(?<!', i)
          ? source.indexOf('>', i) - i + 1
          : source[i + 1] === '?'
            ? 3
            : 1;
      lastAtomGroupQuantified = false;
      continue;
    }
    if (c === ')') {
      const frame = stack.pop() ?? { open: -1, containsQuantifier: false };
      lastAtomGroupQuantified = frame.containsQuantifier;
      if (frame.containsQuantifier) top().containsQuantifier = true;
      i++;
      continue;
    }
    if (c === '*' || c === '+') {
      quantifier(i, c === '*' ? 0 : 1, undefined);
      i += source[i + 1] === '?' ? 2 : 1;
      lastAtomGroupQuantified = false;
      continue;
    }
    if (c === '?') {
      // `?` is bounded (0..1) but still makes a quantified group ambiguous when the group repeats inside.
      if (lastAtomGroupQuantified) problems.push({ rule: 'nested-quantifier', at: i });
      top().containsQuantifier = true;
      i += source[i + 1] === '?' ? 2 : 1;
      lastAtomGroupQuantified = false;
      continue;
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (m) {
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === '' ? undefined : Number(m[3]);
        // `{0,1}` / `{1}` around a quantified group is harmless; anything that repeats is checked.
        if (!(max !== undefined && max <= 1)) quantifier(i, min, max);
        else if (min !== max) top().containsQuantifier = true;
        i += m[0].length;
        if (source[i] === '?') i++;
        lastAtomGroupQuantified = false;
        continue;
      }
    }
    lastAtomGroupQuantified = false;
    i++;
  }
  try {
    if (new RegExp(`^(?:${source})$`, flags.replace(/[gy]/g, '')).test(''))
      problems.push({ rule: 'matches-empty', at: 0 });
  } catch {
    // Patterns that only compile with their own flags are checked by the caller compiling them.
  }
  return problems;
}
