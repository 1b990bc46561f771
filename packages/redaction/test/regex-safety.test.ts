import recheck from 'recheck';
import safeRegex from 'safe-regex2';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PATTERNS, checkRegexSafety } from '../src/index.js';

const SAFE = [
  'EMP-\\d{6}',
  '[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}',
  '(?:\\d{1,3}\\.){3}\\d{1,3}',
  'tok_[a-z0-9]{16,64}',
  '(?:-?\\d{4}){1,4}',
  'ab|cd',
  '[a-z]{1,10}[a-z]',
  'x(?!y)z{1,3}',
];

const UNSAFE: [string, string][] = [
  ['(a+)+$', 'unbounded'],
  ['\\w*x', 'unbounded'],
  ['a{3,}', 'unbounded'],
  ['a{1,1001}', 'bound-too-large'],
  ['(a{1,9}){1,9}', 'ambiguous-repetition'],
  ['(?:\\w{1,9}\\s?){1,20}', 'ambiguous-repetition'],
  ['\\w{1,900}\\s?\\w{1,900}', 'ambiguous-repetition'],
  ['(?:a|ab){1,30}', 'ambiguous-alternation'],
  ['(?:a|){1,30}', 'ambiguous-alternation'],
  ['(x)\\1', 'backreference'],
  ['(?<n>x)\\k<n>', 'backreference'],
  ['(?<!a)b', 'lookbehind'],
  ['a?', 'empty-match'],
  ['(?:)', 'empty-match'],
  ['[a-', 'syntax'],
];

describe('custom pattern safety checker', () => {
  it.each(SAFE)('accepts %s', (p) => {
    expect(checkRegexSafety(p)).toEqual({ safe: true });
  });

  it.each(UNSAFE)('rejects %s (rule %s) with a reason', (p, rule) => {
    const v = checkRegexSafety(p);
    expect(v.safe).toBe(false);
    expect(v.rule).toBe(rule);
    expect(v.reason?.length).toBeGreaterThan(5);
  });

  it('accepts only patterns recheck (automaton-based) also proves safe', () => {
    for (const p of SAFE) expect(recheck.checkSync(p, '').status, p).toBe('safe');
  });

  it('rejects every pattern that safe-regex2 (star height) or recheck flags in this list', () => {
    for (const [p, rule] of UNSAFE) {
      if (rule === 'syntax') continue;
      if (!safeRegex(p) || recheck.checkSync(p, '').status === 'vulnerable')
        expect(checkRegexSafety(p).safe, p).toBe(false);
    }
  });
});

describe('shipped detector patterns', () => {
  it('bound every quantifier (no *, + or {n,}) and stay at or under 1000 repetitions', () => {
    for (const { detector, regex } of BUILTIN_PATTERNS) {
      const src = regex.source.replace(/\\./g, '');
      expect(src, `${detector}: ${regex.source}`).not.toMatch(/(?<!\[[^\]]*)[*+]|\{\d+,\}/);
      for (const m of src.matchAll(/\{(\d+)(?:,(\d+))?\}/g)) {
        expect(Number(m[2] ?? m[1]), `${detector}: ${regex.source}`).toBeLessThanOrEqual(1000);
      }
    }
  });
});
