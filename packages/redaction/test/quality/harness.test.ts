import { describe, expect, it } from 'vitest';
import { join, labelled, plain } from './corpus/fragment.ts';
import { lintRegexShape } from './regex-shape-lint.ts';
import { alignRedaction } from './span-alignment.ts';
import { evaluateSpans } from './span-metrics.ts';

// The measuring instruments themselves: if they are wrong, every quality figure is.
describe('span alignment of redacted output', () => {
  it('recovers the removed range and type of each token', () => {
    const input = 'mail a.b@c.com and card 4242 4242 4242 4242.';
    const output = 'mail [REDACTED:EMAIL] and card [REDACTED:CREDIT_CARD].';
    expect(alignRedaction(input, output)).toEqual({
      exact: true,
      ranges: [
        { start: 5, end: 14, type: 'EMAIL' },
        { start: 24, end: 43, type: 'CREDIT_CARD' },
      ],
    });
  });

  it('handles tokens at the edges, adjacent tokens and HMAC tokens', () => {
    expect(alignRedaction('secret', '[REDACTED:X]').ranges).toEqual([{ start: 0, end: 6, type: 'X' }]);
    expect(alignRedaction('ip 10.0.0.1', 'ip <ip:k1:AbCdEf012345678_>').ranges).toEqual([
      { start: 3, end: 11, type: 'IP' },
    ]);
    const adjacent = alignRedaction('ab', '[REDACTED:A][REDACTED:B]');
    expect(adjacent.exact).toBe(true);
    expect(adjacent.ranges.map((r) => r.end - r.start)).toEqual([1, 1]);
  });

  it('reports no range for an unchanged string and a coarse range for an unknown replacement', () => {
    expect(alignRedaction('clean', 'clean')).toEqual({ exact: true, ranges: [] });
    expect(alignRedaction('pan 4242424242424242 ok', 'pan ************4242 ok')).toEqual({
      exact: false,
      ranges: [{ start: 4, end: 16, type: 'UNKNOWN' }],
    });
  });
});

describe('span metrics', () => {
  const line = join([
    plain('user'),
    labelled('', 'a@b.io', '', 'EMAIL', 'positive', 'pii'),
    labelled('id ', 'abc-123', '', 'UUID', 'negative', 'negative'),
  ]);

  it('scores an exact hit, a leak-free recall and no over-redaction', () => {
    const r = evaluateSpans([{ ...line, removed: [{ start: 5, end: 11, type: 'EMAIL' }] }], ['EMAIL'], (t) => t);
    const email = r.types[0];
    expect(email).toMatchObject({ labelled: 1, predicted: 1, exactTp: 1, overlapTp: 1, leakedChars: 0, leakRate: 0 });
    expect(r.overRedactedChars).toBe(0);
    expect(r.falseAlarmPrecision).toBe(1);
    expect(r.negativesHit.UUID).toMatchObject({ hit: 0, total: 1 });
  });

  it('counts a miss as leaked characters and a hit on a hard negative as a false alarm', () => {
    const r = evaluateSpans([{ ...line, removed: [{ start: 15, end: 22, type: 'EMAIL' }] }], ['EMAIL'], (t) => t);
    expect(r.types[0]).toMatchObject({ overlapTp: 0, leakedChars: 6, leakRate: 1, precisionOverlap: 0 });
    expect(r.falseAlarms).toBe(1);
    expect(r.overRedactedChars).toBe(7);
    expect(r.negativesHit.UUID).toMatchObject({ hit: 1, total: 1 });
  });

  it('accepts a ≥ 50 % overlap but not an exact match for a partial span', () => {
    const r = evaluateSpans([{ ...line, removed: [{ start: 5, end: 9, type: 'EMAIL' }] }], ['EMAIL'], (t) => t);
    expect(r.types[0]).toMatchObject({ exactTp: 0, overlapTp: 1, leakedChars: 2 });
  });
});

describe('regex shape lint (docs/design/redaction.md#redos-rules)', () => {
  it('accepts bounded patterns that start with a literal', () => {
    expect(lintRegexShape('(?:AKIA|ASIA)[A-Z2-7]{16}')).toEqual([]);
    expect(lintRegexShape('\\bgh[pousr]_[A-Za-z0-9]{36}\\b')).toEqual([]);
    expect(lintRegexShape('(?:[A-Z0-9]{4}){2,7}')).toEqual([]);
  });

  it('rejects unbounded, oversized, nested, backreferencing, lookbehind and empty-matching patterns', () => {
    const rules = (p: string) => lintRegexShape(p).map((x) => x.rule);
    expect(rules('^(\\w+\\s?)*$')).toEqual(['unbounded', 'unbounded', 'nested-quantifier', 'matches-empty']);
    expect(rules('a{1,2000}')).toEqual(['bound-too-large']);
    expect(rules('(a{1,5}){1,5}')).toEqual(['nested-quantifier']);
    expect(rules('(\\d)-\\1')).toEqual(['backreference']);
    expect(rules('(?<=a)b')).toEqual(['lookbehind']);
    expect(rules('x?')).toEqual(['matches-empty']);
  });
});
