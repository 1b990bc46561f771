import { checkSync } from 'recheck';
import safeRegex from 'safe-regex2';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PATTERNS } from '../../src/index.js';
import { lintRegexShape } from './regex-shape-lint.ts';

// docs/design/redaction.md#redos-rules: every shipped pattern bounded, no backreferences/lookbehind, never matching the empty string, and
// free of super-linear backtracking. safe-regex2 (star height) is conservative: it also rejects harmless shapes such
// as `(?:[ -]\d{3})?`, so its verdict is overridden only by a proof from recheck's automaton checker. recheck's
// default fuzzing checker is too slow for a unit test on a shared CPU (≈ 36 s for all patterns), the automaton
// checker takes ≈ 3 s.
describe('every shipped pattern passes the ReDoS lint', () => {
  it('exports a non-empty pattern list covering the detectors', () => {
    expect(BUILTIN_PATTERNS.length).toBeGreaterThan(20);
    expect(new Set(BUILTIN_PATTERNS.map((p) => p.detector)).size).toBeGreaterThan(15);
  });

  it.each(BUILTIN_PATTERNS.map((p, i) => [`${p.detector} #${i}`, p.regex] as const))('%s', (_name, regex) => {
    const hard = lintRegexShape(regex.source, regex.flags).filter((p) => p.rule !== 'nested-quantifier');
    expect(hard, `shape problems in /${regex.source}/`).toEqual([]);
    const proof = checkSync(regex.source, regex.flags, { checker: 'automaton', timeout: 3000 });
    expect(proof.status, `recheck on /${regex.source}/`).not.toBe('vulnerable');
    if (!safeRegex(regex))
      expect(proof.status, `safe-regex2 rejects /${regex.source}/ and recheck cannot prove it`).toBe('safe');
  });
});
